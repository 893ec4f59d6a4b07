using System.Text;
using BenchmarkDotNet.Attributes;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;

namespace Sluice.Benchmarks.Records;

/// <summary>
/// Decoding one partition's fetched records: 1,000 records with 100-byte values and no key, as ten record batches
/// v2 of 100 records per codec, or as 1,000 uncompressed magic 1 messages. Times and allocations are per record.
/// </summary>
[MemoryDiagnoser]
public class RecordDecodeBenchmarks
{
    private const int RecordCount = 1_000;
    private const int RecordsPerBatch = 100;

    private readonly List<ConsumedRecord> _output = new(RecordCount);
    private byte[] _records = [];

    /// <summary>The record format and codec: "v2-" plus a codec for record batches, "v1-none" for a magic 1 message set.</summary>
    [Params("v2-none", "v2-gzip", "v2-snappy", "v2-lz4", "v2-zstd", "v1-none")]
    public string Format { get; set; } = "v2-none";

    [GlobalSetup]
    public void Setup()
    {
        // JSON-like values of exactly 100 bytes: realistic for the codecs, neither random nor constant.
        var records = Enumerable.Range(0, RecordCount)
            .Select(i => new ProduceRecord(null, Value(i), 1_700_000_000_000 + i))
            .ToArray();
        var codec = Enum.Parse<CompressionCodec>(Format[3..], ignoreCase: true);
        using var writer = new KafkaWriter(256 * 1024);
        if (Format.StartsWith("v1", StringComparison.Ordinal))
        {
            MessageSetWriter.Write(writer, records, magic: 1, codec, baseOffset: 0);
        }
        else
        {
            for (var i = 0; i < RecordCount; i += RecordsPerBatch)
                RecordBatchWriter.Write(writer, records[i..(i + RecordsPerBatch)], codec, baseOffset: i);
        }

        _records = writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes the 1,000 records into a reused list; reported per record.</summary>
    [Benchmark(OperationsPerInvoke = RecordCount)]
    public long DecodeRecords()
    {
        _output.Clear();
        var result = RecordSetDecoder.Decode(_records, "bench", 0, 0, RecordDecodeOptions.Default, null, _output);
        return result.NextOffset;
    }

    private static byte[] Value(int i)
    {
        var text = $"{{\"id\":{i,8},\"user\":\"user-{i % 97,4}\",\"event\":\"page_view\",\"amount\":{i * 7 % 1000,6},\"ok\":true}}";
        var value = Encoding.ASCII.GetBytes(text.PadRight(100, ' '));
        return value[..100];
    }
}
