using Sluice.Protocol.Records;

namespace Sluice.Streams.Stages;

/// <summary>Gives the committable offset of a record a stage is about to emit.</summary>
internal interface IOffsetSource
{
    CommittableOffset Offset(ConsumedRecord record);
}

/// <summary>How a source turns records into elements: one per record, or one per polled chunk.</summary>
internal sealed class Emission<TOut>
{
    private readonly Func<ConsumedRecord, IOffsetSource, TOut>? _one;
    private readonly Func<IReadOnlyList<ConsumedRecord>, IOffsetSource, TOut>? _chunk;

    private Emission(Func<ConsumedRecord, IOffsetSource, TOut>? one, Func<IReadOnlyList<ConsumedRecord>, IOffsetSource, TOut>? chunk)
    {
        _one = one;
        _chunk = chunk;
    }

    public bool Chunked => _chunk is not null;

    public static Emission<TOut> PerRecord(Func<ConsumedRecord, IOffsetSource, TOut> one) => new(one, null);

    public static Emission<TOut> PerChunk(Func<IReadOnlyList<ConsumedRecord>, IOffsetSource, TOut> chunk) => new(null, chunk);

    public TOut One(ConsumedRecord record, IOffsetSource offsets) => _one!(record, offsets);

    public TOut Chunk(IReadOnlyList<ConsumedRecord> records, IOffsetSource offsets) => _chunk!(records, offsets);
}
