using Conode.Client;
using Conode.Client.WebSockets;
using Conode.Crypto.Ed25519;
using Conode.Services.Skipchain;

namespace Conode.Silo.Tests.Skipchain;

/// <summary>Linked clients and follow lists (§6.10) on a node of its own, since they change what it accepts.</summary>
public sealed class SkipchainLinkTests(SkipchainNodeFixture node) : IClassFixture<SkipchainNodeFixture>
{
    private readonly ConodeClient _client = new();

    [Fact]
    public async Task Once_a_client_is_linked_only_signed_blocks_are_stored_and_follow_lists_need_its_signature()
    {
        var client = Ed25519KeyPair.Generate();
        var nodeKey = node.Options.Identity.Key;

        var forged = await Assert.ThrowsAsync<ConodeClientException>(() => Send<CreateLinkPrivate, EmptyReply>(
            new CreateLinkPrivate { Public = client.Public, Signature = Schnorr.Sign(client, client.Public.MarshalBinary()) }));
        Assert.StartsWith("unexpected error: processing error: wrong signature on public key", forged.CloseReason);
        Assert.Empty((await Send<Listlink, ListlinkReply>(new Listlink())).Publics);

        await Send<CreateLinkPrivate, EmptyReply>(
            new CreateLinkPrivate { Public = client.Public, Signature = Schnorr.Sign(nodeKey, client.Public.MarshalBinary()) });
        Assert.Equal(client.Public.MarshalBinary(), Assert.Single((await Send<Listlink, ListlinkReply>(new Listlink())).Publics).MarshalBinary());

        var unsigned = new StoreSkipBlock { NewBlock = new SkipBlock { BaseHeight = 2, MaximumHeight = 4, Roster = node.Roster } };
        var missing = await Assert.ThrowsAsync<ConodeClientException>(() => Send<StoreSkipBlock, StoreSkipBlockReply>(unsigned));
        Assert.Equal("unexpected error: processing error: cannot create new skipblock without authentication", missing.CloseReason);
        var wrong = new StoreSkipBlock { NewBlock = unsigned.NewBlock, Signature = Schnorr.Sign(Ed25519KeyPair.Generate(), new byte[32]) };
        var refused = await Assert.ThrowsAsync<ConodeClientException>(() => Send<StoreSkipBlock, StoreSkipBlockReply>(wrong));
        Assert.Equal("unexpected error: processing error: wrong signature for this skipchain", refused.CloseReason);
        var signed = new StoreSkipBlock
        {
            NewBlock = unsigned.NewBlock, Signature = Schnorr.Sign(client, SkipBlockHashing.ComputeHash(unsigned.NewBlock)),
        };
        var genesis = (await Send<StoreSkipBlock, StoreSkipBlockReply>(signed)).Latest!;

        var follow = new AddFollow { SkipchainId = genesis.Hash, Follow = (int)FollowType.FollowId };
        follow.Signature = Schnorr.Sign(nodeKey, [.. genesis.Hash, 0]);
        var notClient = await Assert.ThrowsAsync<ConodeClientException>(() => Send<AddFollow, EmptyReply>(follow));
        Assert.Equal("unexpected error: processing error: wrong signature of unknown signer", notClient.CloseReason);
        follow.Signature = Schnorr.Sign(client, [.. genesis.Hash, 0]);
        await Send<AddFollow, EmptyReply>(follow);
        var list = new ListFollow { Signature = Schnorr.Sign(client, [.. "listfollow:"u8, .. nodeKey.Public.MarshalBinary()]) };
        Assert.Equal(genesis.Hash, Assert.Single((await Send<ListFollow, ListFollowReply>(list)).FollowIds));

        var delete = new DelFollow { SkipchainId = genesis.Hash, Signature = Schnorr.Sign(client, [.. "delfollow:"u8, .. genesis.Hash]) };
        await Send<DelFollow, EmptyReply>(delete);
        var again = await Assert.ThrowsAsync<ConodeClientException>(() => Send<DelFollow, EmptyReply>(delete));
        Assert.Equal("unexpected error: processing error: didn't find any block of that id", again.CloseReason);
        Assert.Empty((await Send<ListFollow, ListFollowReply>(list)).FollowIds);

        await Send<Unlink, EmptyReply>(new Unlink
        {
            Public = client.Public, Signature = Schnorr.Sign(client, [.. "unlink:"u8, .. client.Public.MarshalBinary()]),
        });
        Assert.Empty((await Send<Listlink, ListlinkReply>(new Listlink())).Publics);
        Assert.NotNull((await Send<StoreSkipBlock, StoreSkipBlockReply>(unsigned)).Latest);
    }

    private Task<TReply> Send<TRequest, TReply>(TRequest request) where TRequest : class where TReply : class =>
        _client.RequestAsync<TRequest, TReply>(node.Endpoint, SkipchainConstants.ServiceName, request);
}
