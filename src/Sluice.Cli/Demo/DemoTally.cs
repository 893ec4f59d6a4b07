namespace Sluice.Cli.Demo;

/// <summary>What the demo's books say at the end.</summary>
/// <param name="Produced">Records the brokers acknowledged.</param>
/// <param name="ConsumedDistinct">Acknowledged records some member processed at least once.</param>
/// <param name="Deliveries">Deliveries of this run's records, duplicates included.</param>
/// <param name="Lost">Acknowledged records no member processed.</param>
/// <param name="Duplicated">Deliveries beyond the first of a record.</param>
/// <param name="DuplicateReasons">Those extra deliveries by reason.</param>
/// <param name="Foreign">Records on the topic that this run did not produce.</param>
/// <param name="PerMember">Records each member processed.</param>
internal sealed record DemoTally(
    long Produced,
    long ConsumedDistinct,
    long Deliveries,
    long Lost,
    long Duplicated,
    IReadOnlyDictionary<string, long> DuplicateReasons,
    long Foreign,
    IReadOnlyDictionary<string, long> PerMember);
