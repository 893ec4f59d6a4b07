using BenchmarkDotNet.Attributes;
using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Benchmarks.Protocol;

/// <summary>
/// Building and framing the requests a consumer sends all the time, as <c>BrokerConnection</c> does: a new request
/// object, the size prefix, the request header and the body, into a pooled <see cref="KafkaWriter"/>. Fetch for 6
/// partitions of one topic (the fetcher's full fetch); OffsetCommit of 6 partitions (an auto-commit or a committer
/// batch). v1/v2 are what a Kafka 0.9 broker speaks, v12 the last Fetch naming topics, v16/v9 the newest flexible
/// versions Sluice implements.
/// </summary>
[MemoryDiagnoser]
public class RequestEncodeBenchmarks
{
    private const int Partitions = 6;
    private static readonly Guid TopicId = Guid.Parse("6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    private readonly long[] _offsets = new long[Partitions];

    [GlobalSetup]
    public void Setup()
    {
        for (var p = 0; p < Partitions; p++)
            _offsets[p] = 1_000_000L * (p + 1);
    }

    /// <summary>A full Fetch of 6 partitions, as the fetcher builds it for every round trip.</summary>
    [Benchmark]
    [Arguments((short)1)]
    [Arguments((short)12)]
    [Arguments((short)16)]
    public int EncodeFetch(short version)
    {
        var partitions = new List<FetchPartition>(Partitions);
        for (var p = 0; p < Partitions; p++)
            partitions.Add(new FetchPartition("sluice-bench-topic", TopicId, p, _offsets[p], 0, 1024 * 1024));
        var request = new FetchRequest(partitions, new FetchRequestOptions(MaxWaitMs: 100), useTopicIds: version > 12);
        return Frame(request, version);
    }

    /// <summary>An OffsetCommit of 6 partitions with generation and member id (v2 for Kafka 0.9, v9 flexible).</summary>
    [Benchmark]
    [Arguments((short)2)]
    [Arguments((short)9)]
    public int EncodeOffsetCommit(short version)
    {
        var partitions = new List<OffsetCommitPartition>(Partitions);
        for (var p = 0; p < Partitions; p++)
            partitions.Add(new OffsetCommitPartition(p, _offsets[p]));
        var request = new OffsetCommitRequest("sluice-bench-group", [new OffsetCommitTopic("sluice-bench-topic", partitions)], 7, "sluice-5b0c7a8e-1d2f-4e3a-9b8c-7d6e5f4a3b2c");
        return Frame(request, version);
    }

    /// <summary>A Heartbeat (v0 for Kafka 0.9, v4 flexible): sent every heartbeat interval by every member.</summary>
    [Benchmark]
    [Arguments((short)0)]
    [Arguments((short)4)]
    public int EncodeHeartbeat(short version) =>
        Frame(new HeartbeatRequest("sluice-bench-group", 7, "sluice-5b0c7a8e-1d2f-4e3a-9b8c-7d6e5f4a3b2c"), version);

    private static int Frame(IKafkaRequest request, short version)
    {
        using var frame = new KafkaWriter();
        var sizeAt = frame.Skip(4);
        RequestHeader.Write(frame, request.ApiKey, version, 42, "sluice", version >= request.FirstFlexibleVersion);
        request.WriteBody(frame, version);
        frame.WriteInt32At(sizeAt, frame.Position - 4);
        return frame.Position;
    }
}
