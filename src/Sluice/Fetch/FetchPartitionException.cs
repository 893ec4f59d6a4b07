using Sluice.Protocol;

namespace Sluice.Fetch;

/// <summary>A broker answered a partition's fetch with an error code.</summary>
public sealed class FetchPartitionException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public FetchPartitionException(TopicPartition partition, long offset, int brokerId, ErrorCode error)
        : base($"Fetching {partition} at offset {offset} from broker {brokerId} failed: {error} ({(int)error}).")
    {
        Partition = partition;
        Error = error;
    }

    /// <summary>The partition.</summary>
    public TopicPartition Partition { get; }

    /// <summary>The broker's error code.</summary>
    public ErrorCode Error { get; }
}
