namespace Sluice.Group.Assignors;

/// <summary>The order the range and round-robin assignors deal partitions and members in.</summary>
public enum PartitionOrdering
{
    /// <summary>
    /// Java's and librdkafka's order: partitions by number; static members first by group.instance.id, then
    /// dynamic members by member id. Results match a Java or librdkafka leader exactly.
    /// </summary>
    Kafka,

    /// <summary>
    /// pykafka's order (decide_partitions_range / _roundrobin): partitions sorted by the string
    /// "&lt;topic&gt;-&lt;leader id&gt;-&lt;partition&gt;", so leadership moves can change the assignment; members by
    /// member id bytes, group instance ids ignored. Results match a pykafka leader for its one-topic groups.
    /// </summary>
    Pykafka,
}
