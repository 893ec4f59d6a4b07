using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.Tests.Protocol.Records;

/// <summary>Record sets written with the production writers, and a decode call with test defaults.</summary>
internal static class RecordSets
{
    public const string Topic = "orders";
    public const int Partition = 3;

    public static byte[] Batch(IReadOnlyList<ProduceRecord> records, CompressionCodec codec = CompressionCodec.None, long baseOffset = 0)
    {
        using var writer = new KafkaWriter();
        RecordBatchWriter.Write(writer, records, codec, baseOffset);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] MessageSet(IReadOnlyList<ProduceRecord> records, byte magic, CompressionCodec codec = CompressionCodec.None, long baseOffset = 0)
    {
        using var writer = new KafkaWriter();
        MessageSetWriter.Write(writer, records, magic, codec, baseOffset);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The records in one format: magic 0 or 1 message set, or magic 2 record batch.</summary>
    public static byte[] Write(IReadOnlyList<ProduceRecord> records, byte magic, CompressionCodec codec, long baseOffset = 0) =>
        magic == 2 ? Batch(records, codec, baseOffset) : MessageSet(records, magic, codec, baseOffset);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>
    /// Consecutive entries (messages or wrappers for magic 0/1, batches for 2) from <paramref name="baseOffset"/> on,
    /// holding the given numbers of records; each record's key and value are made from its offset.
    /// </summary>
    public static byte[] Entries(byte magic, CompressionCodec codec, long baseOffset, params int[] recordsPerEntry)
    {
        var parts = new List<byte[]>();
        var offset = baseOffset;
        foreach (var count in recordsPerEntry)
        {
            var first = offset;
            parts.Add(Write(Enumerable.Range(0, count).Select(i => Numbered(first + i)).ToArray(), magic, codec, first));
            offset += count;
        }

        return Concat([.. parts]);
    }

    private static ProduceRecord Numbered(long offset) => new([(byte)offset], BitConverter.GetBytes(offset), 1_700_000_000_000 + offset);

    public static List<ConsumedRecord> Decode(
        byte[] records,
        out RecordSetDecodeResult result,
        long fetchOffset = 0,
        RecordDecodeOptions? options = null,
        IReadOnlyList<AbortedTransaction>? aborted = null)
    {
        var output = new List<ConsumedRecord>();
        result = RecordSetDecoder.Decode(records, Topic, Partition, fetchOffset, options ?? RecordDecodeOptions.Default, aborted, output);
        return output;
    }

    public static List<ConsumedRecord> Decode(byte[] records, long fetchOffset = 0, RecordDecodeOptions? options = null) =>
        Decode(records, out _, fetchOffset, options);

    public static IEnumerable<long> Offsets(this IEnumerable<ConsumedRecord> records) => records.Select(r => r.Offset);

    /// <summary>This partition's answer whose records are <paramref name="pieces"/>, which it owns.</summary>
    public static FetchPartitionResponse Answer(RecordPiece[] pieces, long highWatermark = 1_000) =>
        FetchPartitionResponse.WithPieces(new FetchPartitionResponse(Partition, ErrorCode.None, highWatermark, -1, 0, [], -1, null, null), pieces);

    /// <summary>
    /// This partition's answer whose records are bytes <paramref name="start"/> to <paramref name="start"/> +
    /// <paramref name="length"/> of <paramref name="frame"/>, taking over the caller's reference to the frame.
    /// </summary>
    public static FetchPartitionResponse AnswerInFrame(FrameBuffer frame, int start, int length, long highWatermark = 1_000)
    {
        var answer = Answer([RecordPiece.InFrame(frame, start, length)], highWatermark);
        frame.Release();
        return answer;
    }
}
