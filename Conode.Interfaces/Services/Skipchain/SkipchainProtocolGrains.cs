using Conode.Overlay;

namespace Conode.Services.Skipchain;

/// <summary>
/// One node's part in one run of <c>scGetBlocks</c> (§6.8): the root asks its children for blocks, a child answers
/// from its store.
/// </summary>
public interface IGetBlocksGrain : IProtocolInstanceGrain
{
    /// <summary>
    /// Sends the encoded <see cref="ProtoGetBlocks"/> to every child and returns the encoded blocks of the first
    /// non-empty reply, or of the last reply when all were empty; null when no answer came within
    /// <paramref name="timeout"/>.
    /// </summary>
    Task<byte[][]?> RunAsRoot(TokenValue root, byte[] request, TimeSpan timeout);
}

/// <summary>One node's part in one run of <c>scExtendRoster</c> (§6.9.3): may the root put us in a block's roster?</summary>
public interface IExtendRosterGrain : IProtocolInstanceGrain
{
    /// <summary>
    /// Asks every child about the encoded block and returns how many valid acceptances came back by Go's rules: 0 as
    /// soon as one child refuses, else what arrived within a second of the first answer (0 when that is too few).
    /// </summary>
    Task<int> RunAsRoot(TokenValue root, byte[] block, TimeSpan timeout);
}
