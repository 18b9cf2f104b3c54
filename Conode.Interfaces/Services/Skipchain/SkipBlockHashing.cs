using System.Buffers.Binary;
using System.Security.Cryptography;
using Conode.Network;

namespace Conode.Services.Skipchain;

/// <summary>Block IDs and forward-link hashes (cothority-services.md §6.2, §6.3), byte-exact with Go and JS.</summary>
public static class SkipBlockHashing
{
    /// <summary>
    /// SHA-256 of LE32(Index) ‖ LE32(Height) ‖ LE32(MaximumHeight) ‖ LE32(BaseHeight) ‖ every back link ‖ every
    /// verifier ID (16 bytes) ‖ GenesisId ‖ Data ‖ each roster member's identity key (MarshalBinary, no tag; never a
    /// service key) ‖ LE32(SignatureScheme) only when it is &gt; 0, so that scheme-0 blocks keep their old hash.
    /// Byte fields go in raw, without lengths. Hash, ForwardLinks and Payload are not covered.
    /// </summary>
    /// <exception cref="ArgumentException">A roster member has no public key (Go would crash on such a block).</exception>
    public static byte[] ComputeHash(SkipBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[4];
        foreach (var value in (ReadOnlySpan<int>)[block.Index, block.Height, block.MaximumHeight, block.BaseHeight])
        {
            BinaryPrimitives.WriteInt32LittleEndian(number, value);
            hash.AppendData(number);
        }
        foreach (var backLink in block.BackLinkIds)
        {
            hash.AppendData(backLink);
        }
        Span<byte> verifier = stackalloc byte[Uuid.Size];
        foreach (var verifierId in block.VerifierIds)
        {
            verifierId.WriteTo(verifier);
            hash.AppendData(verifier);
        }
        hash.AppendData(block.GenesisId);
        hash.AppendData(block.Data);
        foreach (var member in block.Roster?.List ?? [])
        {
            var key = member.Public ?? throw new ArgumentException($"roster member {member.Address} has no public key");
            hash.AppendData(key.MarshalBinary());
        }
        if (block.SignatureScheme > 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(number, block.SignatureScheme);
            hash.AppendData(number);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>The chain's ID: the block's own hash for a genesis block (Index 0), else its GenesisId.</summary>
    public static byte[] SkipChainId(SkipBlock block) => block.Index == 0 ? block.Hash : block.GenesisId;

    /// <summary>SHA-256(from ‖ to ‖ NewRoster.ID if present), with the roster ID exactly as carried.</summary>
    public static byte[] LinkHash(byte[] from, byte[] to, Roster? newRoster)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(from);
        hash.AppendData(to);
        if (newRoster is not null)
        {
            hash.AppendData(newRoster.Id.ToByteArray());
        }
        return hash.GetHashAndReset();
    }

    /// <summary>The hash a link's signature must cover.</summary>
    public static byte[] LinkHash(ForwardLink link) => LinkHash(link.From, link.To, link.NewRoster);

    /// <summary>
    /// Go's NewForwardLink, unsigned: From/To are the blocks' hashes, NewRoster is <paramref name="to"/>'s roster iff
    /// both blocks have a roster and their IDs differ; Signature.Msg is the link hash to sign, Signature.Sig empty.
    /// </summary>
    public static ForwardLink NewForwardLink(SkipBlock from, SkipBlock to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var link = new ForwardLink
        {
            From = from.Hash,
            To = to.Hash,
            NewRoster = from.Roster is not null && to.Roster is not null && from.Roster.Id != to.Roster.Id ? to.Roster : null,
        };
        link.Signature.Msg = LinkHash(link);
        return link;
    }
}
