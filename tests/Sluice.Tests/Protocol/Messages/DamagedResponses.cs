using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

/// <summary>Mutation fuzzing shared by the response decoders' tests: damage a valid answer, decode, expect a protocol error at most.</summary>
internal static class DamagedResponses
{
    /// <summary>
    /// Decodes <paramref name="count"/> randomly damaged copies of <paramref name="valid"/> (bit flips, byte changes,
    /// cuts, insertions, extreme bytes) and asserts each either decodes or raises <see cref="KafkaProtocolException"/>.
    /// </summary>
    public static void AssertDecodeOrReject(byte[] valid, Action<byte[]> decode, int seed, int count, string label)
    {
        Assert.Null(Record.Exception(() => decode(valid)));
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var damaged = Mutate(valid, random);
            var failure = Record.Exception(() => decode(damaged));
            Assert.True(failure is null or KafkaProtocolException, $"{label} mutation {i}: {failure?.GetType().Name}: {failure?.Message}");
        }
    }

    /// <summary>
    /// Decodes every proper prefix of <paramref name="valid"/> (a response cut short at each byte) and asserts each
    /// raises <see cref="KafkaProtocolException"/> with a message: exactly that type, never an index or range error.
    /// </summary>
    public static void AssertEveryTruncationRejected(byte[] valid, Action<byte[]> decode)
    {
        for (var cut = 0; cut < valid.Length; cut++)
        {
            var prefix = valid[..cut];
            var failure = Assert.Throws<KafkaProtocolException>(() => decode(prefix));
            Assert.False(string.IsNullOrWhiteSpace(failure.Message));
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
}
