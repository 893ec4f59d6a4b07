using BenchmarkDotNet.Attributes;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.Benchmarks.Protocol;

/// <summary>The protocol core's hot paths: decoding a large Metadata answer and writing record batches.</summary>
[MemoryDiagnoser]
public class ProtocolCoreBenchmarks
{
    private readonly MetadataRequest _metadataRequest = new(null);
    private byte[] _metadataResponse = [];
    private ProduceRecord[] _records = [];

    /// <summary>Record batch compression.</summary>
    [Params(CompressionCodec.None, CompressionCodec.Gzip)]
    public CompressionCodec Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _metadataResponse = BuildMetadataResponse(topics: 100, partitions: 6, brokers: 3);
        var value = new byte[100];
        new Random(42).NextBytes(value);
        _records = Enumerable.Range(0, 1000).Select(i => new ProduceRecord(BitConverter.GetBytes(i), value, 1_700_000_000_000 + i)).ToArray();
    }

    /// <summary>Decodes a Metadata v12 answer describing 100 topics of 6 partitions.</summary>
    [Benchmark]
    public int DecodeMetadataV12()
    {
        var reader = new KafkaReader(_metadataResponse);
        return _metadataRequest.ReadResponse(ref reader, 12).Topics.Count;
    }

    /// <summary>Writes 1,000 records of 100 bytes as one RecordBatch v2.</summary>
    [Benchmark]
    public int WriteRecordBatch()
    {
        using var writer = new KafkaWriter(128 * 1024);
        RecordBatchWriter.Write(writer, _records, Codec);
        return writer.Position;
    }

    private static byte[] BuildMetadataResponse(int topics, int partitions, int brokers)
    {
        using var w = new KafkaWriter();
        w.WriteInt32(0);
        w.WriteArrayLength(brokers, flexible: true);
        for (var b = 1; b <= brokers; b++)
        {
            w.WriteInt32(b);
            w.WriteString("127.0.0.1", flexible: true);
            w.WriteInt32(9090 + b);
            w.WriteNullableString(null, flexible: true);
            w.WriteEmptyTaggedFields();
        }

        w.WriteNullableString("cluster", flexible: true);
        w.WriteInt32(1);
        w.WriteArrayLength(topics, flexible: true);
        for (var t = 0; t < topics; t++)
        {
            w.WriteInt16(0);
            w.WriteNullableString($"topic-{t}", flexible: true);
            w.WriteUuid(Guid.NewGuid());
            w.WriteBoolean(false);
            w.WriteArrayLength(partitions, flexible: true);
            for (var p = 0; p < partitions; p++)
            {
                w.WriteInt16(0);
                w.WriteInt32(p);
                w.WriteInt32(p % brokers + 1);
                w.WriteInt32(0);
                for (var list = 0; list < 3; list++)
                {
                    w.WriteArrayLength(1, flexible: true);
                    w.WriteInt32(p % brokers + 1);
                }

                w.WriteEmptyTaggedFields();
            }

            w.WriteInt32(0);
            w.WriteEmptyTaggedFields();
        }

        w.WriteEmptyTaggedFields();
        return w.WrittenSpan.ToArray();
    }
}
