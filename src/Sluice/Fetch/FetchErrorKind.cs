namespace Sluice.Fetch;

/// <summary>What the reader must do about a partition's fetch error.</summary>
public enum FetchErrorKind
{
    /// <summary>The broker is not (or no longer) the leader: refresh metadata and move the partition, keeping its position.</summary>
    LeaderChanged,

    /// <summary>The position is outside the log: reset it by <see cref="FetchSettings.AutoOffsetReset"/>.</summary>
    OffsetOutOfRange,

    /// <summary>A passing failure: try the partition again after <see cref="FetchSettings.FetchErrorBackoff"/>.</summary>
    Retriable,

    /// <summary>The partition cannot advance (corrupt data, a record too large, no authorization): fail it.</summary>
    Fatal,
}
