namespace Sluice.Tests.Protocol.Records;

/// <summary>Bit-at-a-time reflected CRC-32 variants, independent of the table and hardware code under test.</summary>
internal static class ReferenceCrc
{
    private const uint IeeePolynomial = 0xEDB88320;
    private const uint CastagnoliPolynomial = 0x82F63B78;

    public static uint Crc32Ieee(ReadOnlySpan<byte> data) => Compute(data, IeeePolynomial);

    public static uint Crc32C(ReadOnlySpan<byte> data) => Compute(data, CastagnoliPolynomial);

    private static uint Compute(ReadOnlySpan<byte> data, uint polynomial)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
        }

        return ~crc;
    }
}
