using BenchmarkDotNet.Attributes;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.Benchmarks.Protocol;

/// <summary>Writing 1,000 records of 100 bytes as one RecordBatch v2.</summary>
[MemoryDiagnoser]
public class RecordBatchWriteBenchmarks
{
    private ProduceRecord[] _records = [];

    /// <summary>Record batch compression.</summary>
    [Params(CompressionCodec.None, CompressionCodec.Gzip)]
    public CompressionCodec Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var value = new byte[100];
        new Random(42).NextBytes(value);
        _records = Enumerable.Range(0, 1000).Select(i => new ProduceRecord(BitConverter.GetBytes(i), value, 1_700_000_000_000 + i)).ToArray();
    }

    /// <summary>Writes the batch into a pooled buffer.</summary>
    [Benchmark]
    public int WriteRecordBatch()
    {
        using var writer = new KafkaWriter(128 * 1024);
        RecordBatchWriter.Write(writer, _records, Codec);
        return writer.Position;
    }
}
