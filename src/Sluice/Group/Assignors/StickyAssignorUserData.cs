using Sluice.Protocol;
using Sluice.Protocol.Consumer;

namespace Sluice.Group.Assignors;

/// <summary>
/// The user data of Java's and librdkafka's sticky assignors (KIP-54, KIP-341): the member's previous assignment as
/// <c>[Topic string, Partitions [int32]]</c>, then (version 1) the generation it was assigned in, with no version
/// prefix. Eager members revoke everything before they rejoin, so this is how the leader learns what they had.
/// </summary>
internal static class StickyAssignorUserData
{
    public static byte[] Encode(IReadOnlyList<TopicPartition> partitions, int generation)
    {
        using var writer = new KafkaWriter();
        TopicPartitionsWire.Write(writer, partitions);
        writer.WriteInt32(generation);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads version 1, or version 0 when no generation follows (generation -1). Bytes that are neither give
    /// false, as Java then treats the member as owning nothing.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out IReadOnlyList<TopicPartition> partitions, out int generation)
    {
        partitions = [];
        generation = ConsumerSubscription.NoGeneration;
        if (bytes.IsEmpty)
            return false;
        try
        {
            var reader = new KafkaReader(bytes);
            partitions = TopicPartitionsWire.Read(ref reader);
            if (reader.Remaining >= 4)
                generation = reader.ReadInt32();
            return true;
        }
        catch (KafkaProtocolException)
        {
            partitions = [];
            return false;
        }
    }
}
