using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

/// <summary>
/// Every response decoder, fed valid answers with random damage (bit flips, byte changes, cuts, insertions),
/// either decodes or raises <see cref="KafkaProtocolException"/>: never another exception, never a hang.
/// </summary>
public sealed class ResponseDecoderFuzzTests
{
    private const int MutationsPerSample = 2_000;

    public static TheoryData<string, short> Decoders() => new()
    {
        { "ApiVersions", 0 }, { "ApiVersions", 3 },
        { "Metadata", 0 }, { "Metadata", 1 }, { "Metadata", 7 }, { "Metadata", 9 }, { "Metadata", 12 }, { "Metadata", 13 },
        { "ListGroups", 0 }, { "ListGroups", 3 }, { "ListGroups", 5 },
        { "Produce", 0 }, { "Produce", 2 }, { "Produce", 8 }, { "Produce", 9 },
    };

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Damaged_responses_decode_or_raise_a_protocol_exception(string api, short version)
    {
        var (valid, decode) = Sample(api, version);

        DamagedResponses.AssertDecodeOrReject(valid, decode, (api.Length * 1_000) + (api[0] * 31) + version, MutationsPerSample, $"{api} v{version}");
    }


    // A realistic answer for each API, encoded with the writer, and the decoder to run on damaged copies.
    private static (byte[] Valid, Action<byte[]> Decode) Sample(string api, short version)
    {
        var flexible = api switch
        {
            "ApiVersions" => version >= 3,
            "Metadata" => version >= 9,
            "ListGroups" => version >= 3,
            _ => version >= 9,
        };
        using var w = new KafkaWriter();
        switch (api)
        {
            case "ApiVersions":
                w.WriteInt16(0);
                w.WriteArrayLength(3, flexible);
                foreach (var key in new short[] { 0, 3, 18 })
                {
                    w.WriteInt16(key);
                    w.WriteInt16(0);
                    w.WriteInt16(9);
                    if (flexible) w.WriteEmptyTaggedFields();
                }

                if (version >= 1) w.WriteInt32(0);
                if (flexible) w.WriteEmptyTaggedFields();
                return (w.WrittenSpan.ToArray(), b => Decode(new ApiVersionsRequest(), b, version));

            case "Metadata":
                if (version >= 3) w.WriteInt32(0);
                w.WriteArrayLength(2, flexible);
                for (var b = 1; b <= 2; b++)
                {
                    w.WriteInt32(b);
                    w.WriteString("localhost", flexible);
                    w.WriteInt32(9092);
                    if (version >= 1) w.WriteNullableString("rack", flexible);
                    if (flexible) w.WriteEmptyTaggedFields();
                }

                if (version >= 2) w.WriteNullableString("cluster", flexible);
                if (version >= 1) w.WriteInt32(1);
                w.WriteArrayLength(2, flexible);
                for (var t = 0; t < 2; t++)
                {
                    w.WriteInt16(0);
                    w.WriteNullableString($"topic-{t}", flexible);
                    if (version >= 10) w.WriteUuid(Guid.NewGuid());
                    if (version >= 1) w.WriteBoolean(false);
                    w.WriteArrayLength(2, flexible);
                    for (var p = 0; p < 2; p++)
                    {
                        w.WriteInt16(0);
                        w.WriteInt32(p);
                        w.WriteInt32(1);
                        if (version >= 7) w.WriteInt32(3);
                        w.WriteArrayLength(2, flexible);
                        w.WriteInt32(1);
                        w.WriteInt32(2);
                        w.WriteArrayLength(1, flexible);
                        w.WriteInt32(1);
                        if (version >= 5) w.WriteArrayLength(0, flexible);
                        if (flexible) w.WriteEmptyTaggedFields();
                    }

                    if (version >= 8) w.WriteInt32(0);
                    if (flexible) w.WriteEmptyTaggedFields();
                }

                if (version is >= 8 and <= 10) w.WriteInt32(0);
                if (version >= 13) w.WriteInt16(0);
                if (flexible) w.WriteEmptyTaggedFields();
                return (w.WrittenSpan.ToArray(), b => Decode(new MetadataRequest(null), b, version));

            case "ListGroups":
                if (version >= 1) w.WriteInt32(0);
                w.WriteInt16(0);
                w.WriteArrayLength(2, flexible);
                for (var g = 0; g < 2; g++)
                {
                    w.WriteString($"group-{g}", flexible);
                    w.WriteString("consumer", flexible);
                    if (version >= 4) w.WriteString("Stable", flexible);
                    if (version >= 5) w.WriteString("classic", flexible);
                    if (flexible) w.WriteEmptyTaggedFields();
                }

                if (flexible) w.WriteEmptyTaggedFields();
                return (w.WrittenSpan.ToArray(), b => Decode(new ListGroupsRequest(), b, version));

            default:
                w.WriteArrayLength(1, flexible);
                w.WriteString("orders", flexible);
                w.WriteArrayLength(2, flexible);
                for (var p = 0; p < 2; p++)
                {
                    w.WriteInt32(p);
                    w.WriteInt16(0);
                    w.WriteInt64(100 * p);
                    if (version >= 2) w.WriteInt64(-1);
                    if (version >= 5) w.WriteInt64(0);
                    if (version >= 8)
                    {
                        w.WriteArrayLength(0, flexible);
                        w.WriteNullableString(null, flexible);
                    }

                    if (flexible) w.WriteEmptyTaggedFields();
                }

                if (flexible) w.WriteEmptyTaggedFields();
                if (version >= 1) w.WriteInt32(0);
                if (flexible) w.WriteEmptyTaggedFields();
                var produce = new ProduceRequest([new ProduceTopicData("orders", [new ProducePartitionData(0, [new Sluice.Protocol.Records.ProduceRecord(null, [1], 0)])])]);
                return (w.WrittenSpan.ToArray(), b => Decode(produce, b, version));
        }
    }

    private static void Decode<T>(IKafkaRequest<T> request, byte[] bytes, short version)
    {
        var reader = new KafkaReader(bytes);
        request.ReadResponse(ref reader, version);
    }
}
