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
