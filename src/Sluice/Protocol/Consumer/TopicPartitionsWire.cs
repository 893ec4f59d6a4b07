namespace Sluice.Protocol.Consumer;

/// <summary>
/// The <c>[Topic string, Partitions [int32]]</c> array both consumer-protocol structs share (classic encoding).
/// Partitions are grouped by topic in the order each topic first appears, keeping partition order.
/// </summary>
internal static class TopicPartitionsWire
{
    public static void Write(KafkaWriter writer, IReadOnlyList<TopicPartition> partitions)
    {
        var groups = new List<(string Topic, List<int> Partitions)>();
        var byTopic = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var tp in partitions)
        {
            if (!byTopic.TryGetValue(tp.Topic, out var list))
            {
                list = [];
                byTopic.Add(tp.Topic, list);
                groups.Add((tp.Topic, list));
            }

            list.Add(tp.Partition);
        }

        writer.WriteArrayLength(groups.Count, flexible: false);
        foreach (var (topic, numbers) in groups)
        {
            writer.WriteString(topic, flexible: false);
            writer.WriteArrayLength(numbers.Count, flexible: false);
            foreach (var partition in numbers)
                writer.WriteInt32(partition);
        }
    }

    /// <summary>Reads the array; a null array (or a null partition list) carries no partitions.</summary>
    public static IReadOnlyList<TopicPartition> Read(ref KafkaReader reader)
    {
        var topics = reader.ReadArrayLength(flexible: false);
        if (topics <= 0)
            return [];
        var result = new List<TopicPartition>();
        for (var i = 0; i < topics; i++)
        {
            var topic = reader.ReadString();
            foreach (var partition in reader.ReadInt32Array(flexible: false))
                result.Add(new TopicPartition(topic, partition));
        }

        return result;
    }
}
