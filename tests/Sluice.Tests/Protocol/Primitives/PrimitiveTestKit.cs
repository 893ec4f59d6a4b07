using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>A read step against a reader; a custom delegate because a ref struct cannot be a generic argument.</summary>
internal delegate void ReadStep(ref KafkaReader reader);

/// <summary>Helpers shared by the primitive tests.</summary>
internal static class PrimitiveTestKit
{
    /// <summary>Runs <paramref name="write"/> against a fresh writer and returns a copy of what it wrote.</summary>
    public static byte[] Encode(Action<KafkaWriter> write, int initialCapacity = 256)
    {
        using var writer = new KafkaWriter(initialCapacity);
        write(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Parses "00 0A ff" style hex (spaces ignored).</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Formats bytes as upper-case hex separated by spaces, for readable assertion failures.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2")));

    /// <summary>Asserts the exact encoded bytes, comparing as hex so a failure shows both layouts.</summary>
    public static void AssertBytes(string expectedHex, ReadOnlySpan<byte> actual) =>
        Assert.Equal(ToHex(Hex(expectedHex)), ToHex(actual));

    /// <summary>
    /// Asserts that <paramref name="read"/> over <paramref name="bytes"/> raises exactly
    /// <see cref="KafkaProtocolException"/> (Assert.Throws rejects subclasses and any other type, e.g. an
    /// IndexOutOfRangeException from an unchecked slice).
    /// </summary>
    public static KafkaProtocolException AssertMalformed(byte[] bytes, ReadStep read) =>
        Assert.Throws<KafkaProtocolException>(() =>
        {
            var reader = new KafkaReader(bytes);
            read(ref reader);
        });

    /// <summary>Reads through <paramref name="read"/> and asserts the whole buffer was consumed.</summary>
    public static void ReadAll(byte[] bytes, ReadStep read)
    {
        var reader = new KafkaReader(bytes);
        read(ref reader);
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(bytes.Length, reader.Position);
    }
}
