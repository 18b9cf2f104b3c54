using Conode.Protobuf;
using Conode.Services.Skipchain;

namespace Conode.Grains.Skipchain;

/// <summary>Durable state of <see cref="SkipBlockGrain"/>; its JSON form is an on-disk format.</summary>
public sealed class SkipBlockState
{
    /// <summary>The encoded <see cref="SkipBlock"/> with its forward links; null until stored.</summary>
    public byte[]? Block { get; set; }
}

/// <summary>
/// One stored block. Every change is written before the call returns, so a block or link this node acknowledged
/// survives a crash (a creation may leave the wait for the disk to the caller's next write, see
/// <see cref="SyncedByNextWrite"/>). Callers check blocks and links (§6.7, signatures) before handing them over: no crypto here.
/// </summary>
[GrainType("conode.skipblock")]
public sealed class SkipBlockGrain(
    [PersistentState("block", StorageNames.Default)] IPersistentState<SkipBlockState> state) : Grain, ISkipBlockGrain
{
    public Task<byte[]?> Get() => Task.FromResult(state.State.Block);

    public async Task<bool> Create(byte[] block, bool syncedByNextWrite = false)
    {
        if (state.State.Block is not null)
        {
            return false;
        }
        state.State.Block = block;
        await SyncedByNextWrite.WriteStateAsync(state, syncedByNextWrite);
        return true;
    }

    public async Task Persist()
    {
        if (state.State.Block is not null)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<int[]> AddForwardLinks(LevelLink[] links)
    {
        if (state.State.Block is null)
        {
            throw new InvalidOperationException($"block {this.GetPrimaryKeyString()} is not stored");
        }
        var block = DedisProtobuf.Decode<SkipBlock>(state.State.Block);
        var added = new List<int>();
        foreach (var (level, encoded) in links)
        {
            var link = DedisProtobuf.Decode<ForwardLink>(encoded);
            if (level < 0 || level >= block.Height || !link.From.AsSpan().SequenceEqual(block.Hash) || link.IsEmpty)
            {
                continue;
            }
            while (block.ForwardLinks.Count <= level)
            {
                block.ForwardLinks.Add(new ForwardLink());
            }
            if (block.ForwardLinks[level].IsEmpty)
            {
                block.ForwardLinks[level] = link;
                added.Add(level);
            }
        }
        if (added.Count > 0)
        {
            state.State.Block = DedisProtobuf.Encode(block);
            await state.WriteStateAsync();
        }
        return [.. added];
    }

    public async Task TruncateForwardLinks(int count)
    {
        if (state.State.Block is null)
        {
            return;
        }
        var block = DedisProtobuf.Decode<SkipBlock>(state.State.Block);
        if (block.ForwardLinks.Count <= count)
        {
            return;
        }
        block.ForwardLinks.RemoveRange(count, block.ForwardLinks.Count - count);
        state.State.Block = DedisProtobuf.Encode(block);
        await state.WriteStateAsync();
    }
}
