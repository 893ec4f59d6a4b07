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
        Assert.Null(Record.Exception(() => decode(valid)));

        var random = new Random(1_000 * api.Length + version);
        for (var i = 0; i < MutationsPerSample; i++)
        {
            var damaged = Mutate(valid, random);
            var failure = Record.Exception(() => decode(damaged));
            Assert.True(failure is null or KafkaProtocolException, $"{api} v{version} mutation {i}: {failure?.GetType().Name}: {failure?.Message}");
        }
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                default: bytes[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x7F; break;
            }
        }

        return bytes.ToArray();
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
