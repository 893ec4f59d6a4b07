using System.Buffers;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

/// <summary>
/// Fetch and ListOffsets responses, valid answers with random damage (bit flips, byte changes, cuts, insertions),
/// either decode or raise <see cref="KafkaProtocolException"/>: never another exception, never a hang.
/// </summary>
public sealed class FetchAndListOffsetsResponseFuzzTests
{
    private const int MutationsPerSample = 3_000;

    public static TheoryData<string, short> Decoders() => new()
    {
        { "ListOffsets", 0 }, { "ListOffsets", 1 }, { "ListOffsets", 4 }, { "ListOffsets", 6 }, { "ListOffsets", 10 },
        { "Fetch", 0 }, { "Fetch", 4 }, { "Fetch", 7 }, { "Fetch", 11 }, { "Fetch", 12 }, { "Fetch", 13 }, { "Fetch", 16 },
    };

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Damaged_responses_decode_or_raise_a_protocol_exception(string api, short version)
    {
        var (valid, decode) = Sample(api, version);

        DamagedResponses.AssertDecodeOrReject(valid, decode, 1_000 * api.Length + version, MutationsPerSample, $"{api} v{version}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(12)]
    [InlineData(16)]
    public void Damaged_fetch_responses_read_from_segments_decode_or_raise_a_protocol_exception(short version)
    {
        // Segments of 5 bytes: almost every field crosses a boundary.
        var pool = new SegmentPool(5, TimeSpan.FromSeconds(30));
        var valid = FetchResponseTests.Build(version, unknownTags: version >= 12);

        DamagedResponses.AssertDecodeOrReject(valid, bytes =>
        {
            if (bytes.Length == 0)
                throw new KafkaProtocolException("an empty response");
            var frame = new SegmentedFrame(pool, bytes.Length);
            frame.Fill(new ReadOnlySequence<byte>(bytes));
            try
            {
                var reader = new KafkaReader(frame);
                FetchResponseTests.Request.ReadResponse(ref reader, version);
            }
            finally
            {
                frame.Release();
            }
        }, 7_000 + version, MutationsPerSample, $"Fetch v{version} in segments");
    }

    private static (byte[] Valid, Action<byte[]> Decode) Sample(string api, short version) => api == "Fetch"
        ? (FetchResponseTests.Build(version, unknownTags: version >= 12), b => Decode(FetchResponseTests.Request, b, version))
        : (ListOffsetsResponseTests.Build(version, unknownTags: version >= 6),
           b => Decode(new ListOffsetsRequest([new ListOffsetsTopic("orders", [new ListOffsetsPartition(0, ListOffsetsTimestamp.Earliest)])]), b, version));

    private static void Decode<T>(IKafkaRequest<T> request, byte[] bytes, short version)
    {
        var reader = new KafkaReader(bytes);
        request.ReadResponse(ref reader, version);
    }
}
