using BenchmarkDotNet.Attributes;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.Benchmarks.Protocol;

/// <summary>Decoding a large Metadata answer: 100 topics of 6 partitions on 3 brokers.</summary>
[MemoryDiagnoser]
public class MetadataDecodeBenchmarks
{
    private readonly MetadataRequest _request = new(null);
    private byte[] _response = [];

    [GlobalSetup]
    public void Setup() => _response = BuildMetadataResponse(topics: 100, partitions: 6, brokers: 3);

    /// <summary>Decodes the answer at Metadata v12.</summary>
    [Benchmark]
    public int DecodeMetadataV12()
    {
        var reader = new KafkaReader(_response);
        return _request.ReadResponse(ref reader, 12).Topics.Count;
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
