namespace Sluice.Cli.Producing;

/// <summary>
/// Kafka's default partitioner for keyed records: murmur2 of the key bytes (seed 0x9747b28c), made positive, modulo
/// the partition count. Records with the same key land where a Java or librdkafka producer would put them.
/// </summary>
internal static class KeyPartitioner
{
    /// <summary>The partition of <paramref name="key"/> among <paramref name="partitions"/>.</summary>
    public static int PartitionOf(ReadOnlySpan<byte> key, int partitions) => (int)((uint)Murmur2(key) & 0x7fffffff) % partitions;

    /// <summary>Kafka's 32-bit murmur2 hash.</summary>
    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = data[4 * i] | ((uint)data[(4 * i) + 1] << 8) | ((uint)data[(4 * i) + 2] << 16) | ((uint)data[(4 * i) + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = length & ~3;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= m;
                break;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= m;
                break;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }
}
