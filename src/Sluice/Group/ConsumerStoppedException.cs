namespace Sluice.Group;

/// <summary>The member was stopped: it holds no partitions and hands out no more records (pykafka's
/// <c>ConsumerStoppedException</c>). Create a new consumer, or start one that was never started, to read again.</summary>
public sealed class ConsumerStoppedException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public ConsumerStoppedException(string groupId)
        : base($"Group '{groupId}': the consumer has stopped; it reads nothing more.")
    {
        GroupId = groupId;
    }

    /// <summary>The group.</summary>
    public string GroupId { get; }
}
