using Conode.Protobuf;
using Conode.Services.Skipchain;
using Microsoft.Extensions.Logging;

namespace Conode.Grains.Skipchain;

/// <summary>Durable state of <see cref="SkipchainGrain"/>; its JSON form is an on-disk format.</summary>
public sealed class SkipchainState
{
    /// <summary>Index → hex hash of the stored blocks (sparse: a node may hold only a proof of the chain).</summary>
    public Dictionary<int, string> Blocks { get; set; } = [];
}

/// <summary>
/// The index of one chain. The blocks and their links are the truth (each is written before it is acknowledged); the
/// index is derived from them, so it is written every few seconds rather than per block, and on activation it is
/// brought up to date by following the stored forward links from the last indexed block.
/// </summary>
[GrainType("conode.skipchain")]
public sealed class SkipchainGrain(
    [PersistentState("index", StorageNames.Default)] IPersistentState<SkipchainState> state,
    IGrainFactory grains,
    ILogger<SkipchainGrain> logger) : Grain, ISkipchainGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(2);

    /// <summary>Verified link hashes kept per family: a prepare round whose commit never comes must not grow this forever.</summary>
    private const int MaxVerified = 256;

    private readonly Dictionary<LinkRound, BoundedSet> _verified = new()
    {
        [LinkRound.NewBlock] = new BoundedSet(MaxVerified),
        [LinkRound.FollowBlock] = new BoundedSet(MaxVerified),
    };
    private (byte[] Hash, byte[] Block)? _proposal;
    private ChainPosition? _latest;
    private DeferredStateWriter<SkipchainState>? _writer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Blocks.Count > 0)
        {
            var top = state.State.Blocks.MaxBy(entry => entry.Key);
            _latest = new ChainPosition(top.Key, top.Value);
        }
        _writer = new DeferredStateWriter<SkipchainState>(state, logger, $"the index of chain {this.GetPrimaryKeyString()}");
        await CatchUpAsync();
        _writer.Start(this, FlushPeriod);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writer?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public Task<ChainPosition?> GetLatest() => Task.FromResult(_latest);

    public Task<ChainPosition[]> GetBlocks() =>
        Task.FromResult(state.State.Blocks.OrderBy(entry => entry.Key).Select(entry => new ChainPosition(entry.Key, entry.Value)).ToArray());

    public Task RecordBlocks(ChainPosition[] blocks)
    {
        foreach (var block in blocks)
        {
            Record(block);
        }
        return Task.CompletedTask;
    }

    public Task BufferProposal(byte[] block, byte[] hash)
    {
        _proposal = (hash, block);
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetProposal(byte[] hash) =>
        Task.FromResult(_proposal is var (buffered, block) && buffered.AsSpan().SequenceEqual(hash) ? block : null);

    public Task ClearProposal(byte[] hash)
    {
        if (_proposal is var (buffered, _) && buffered.AsSpan().SequenceEqual(hash))
        {
            _proposal = null;
        }
        return Task.CompletedTask;
    }

    public Task RememberVerified(LinkRound round, byte[] message)
    {
        _verified[round].Add(Convert.ToHexStringLower(message));
        return Task.CompletedTask;
    }

    public Task<bool> TakeVerified(LinkRound round, byte[] message) =>
        Task.FromResult(_verified[round].Remove(Convert.ToHexStringLower(message)));

    private void Record(ChainPosition block)
    {
        if (state.State.Blocks.TryGetValue(block.Index, out var known) && known == block.Hash)
        {
            return;
        }
        state.State.Blocks[block.Index] = block.Hash;
        _writer!.MarkChanged();
        if (_latest is null || block.Index > _latest.Index)
        {
            _latest = block;
        }
    }

    /// <summary>
    /// Follows the stored forward links from the latest indexed block (the genesis for a new index) and indexes what
    /// it finds: blocks stored after the last write of the index, e.g. before a crash.
    /// </summary>
    private async Task CatchUpAsync()
    {
        var hash = _latest?.Hash ?? this.GetPrimaryKeyString();
        var block = await LoadAsync(hash);
        while (block is not null)
        {
            Record(new ChainPosition(block.Index, Convert.ToHexStringLower(block.Hash)));
            SkipBlock? next = null;
            // Level 0 first so that every block on the way is indexed; higher links bridge blocks this node lacks.
            foreach (var link in block.ForwardLinks.Take(1).Concat(Enumerable.Reverse(block.ForwardLinks)))
            {
                if (!link.IsEmpty && (next = await LoadAsync(Convert.ToHexStringLower(link.To))) is not null)
                {
                    break;
                }
            }
            block = next is not null && next.Index > block.Index ? next : null;
        }
        if (_writer!.HasUnwrittenChanges)
        {
            logger.LogDebug("Chain {Chain}: index caught up to block {Index}", this.GetPrimaryKeyString(), _latest?.Index);
        }
    }

    private async Task<SkipBlock?> LoadAsync(string hash)
    {
        var encoded = await grains.GetGrain<ISkipBlockGrain>(hash).Get();
        return encoded is null ? null : DedisProtobuf.Decode<SkipBlock>(encoded);
    }


    /// <summary>A set that forgets its oldest entries beyond a capacity.</summary>
    private sealed class BoundedSet(int capacity)
    {
        /// <summary>Item → when it was added; the queue (at most the capacity) may also hold entries of removed items.</summary>
        private readonly Dictionary<string, long> _items = [];
        private readonly Queue<(string Item, long Added)> _order = new();
        private long _clock;

        public void Add(string item)
        {
            if (_items.ContainsKey(item))
            {
                return;
            }
            _items[item] = ++_clock;
            _order.Enqueue((item, _clock));
            while (_order.Count > capacity && _order.TryDequeue(out var oldest))
            {
                if (_items.TryGetValue(oldest.Item, out var added) && added == oldest.Added)
                {
                    _items.Remove(oldest.Item);
                }
            }
        }

        public bool Remove(string item) => _items.Remove(item);
    }
}
