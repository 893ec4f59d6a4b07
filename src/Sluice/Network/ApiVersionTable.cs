using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Network;

/// <summary>The versions of each request a broker accepts, and the choice of version for a request.</summary>
public sealed class ApiVersionTable
{
    // Indexed by API key: keys are small and dense, and an array needs no code compiled per key type at start-up
    // (a dictionary keyed by the ApiKey enum is dozens of methods the JIT compiles for every process).
    private readonly VersionRange?[] _ranges;

    // Keys past the dense range: none today (Kafka's keys are below 100), but a broker's answer may list any 16-bit
    // key, and one stray large key must not make every connection carry a 32,768-entry table.
    private readonly Dictionary<int, VersionRange>? _sparse;
    private const int DenseKeys = 1024;

    /// <summary>Creates a table from a broker's advertised ranges; when a key is listed twice, the first range counts.</summary>
    public ApiVersionTable(IEnumerable<ApiVersionRange> ranges, bool isLegacy = false)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var listed = ranges.ToArray();
        var highest = -1;
        foreach (var range in listed)
            highest = Math.Max(highest, (int)range.ApiKey);
        _ranges = new VersionRange?[Math.Min(highest + 1, DenseKeys)];
        foreach (var range in listed)
        {
            var key = (int)range.ApiKey;
            if (key < 0)
                continue;
            if (key < DenseKeys)
                _ranges[key] ??= range.Versions;
            else
                (_sparse ??= new Dictionary<int, VersionRange>()).TryAdd(key, range.Versions);
        }

        IsLegacy = isLegacy;
    }

    /// <summary>
    /// What a Kafka 0.9 broker accepts. It predates ApiVersions (Kafka 0.10), so it cannot be asked: this
    /// table is fixed, as in librdkafka's and franz-go's 0.9 tables.
    /// </summary>
    public static ApiVersionTable Kafka09 { get; } = new(
        [
            new(ApiKey.Produce, new(0, 1)),
            new(ApiKey.Fetch, new(0, 1)),
            new(ApiKey.ListOffsets, new(0, 0)),
            new(ApiKey.Metadata, new(0, 0)),
            new(ApiKey.OffsetCommit, new(0, 2)),
            new(ApiKey.OffsetFetch, new(0, 1)),
            new(ApiKey.FindCoordinator, new(0, 0)),
            new(ApiKey.JoinGroup, new(0, 0)),
            new(ApiKey.Heartbeat, new(0, 0)),
            new(ApiKey.LeaveGroup, new(0, 0)),
            new(ApiKey.SyncGroup, new(0, 0)),
            new(ApiKey.DescribeGroups, new(0, 0)),
            new(ApiKey.ListGroups, new(0, 0)),
        ],
        isLegacy: true);

    /// <summary>True for the fixed Kafka 0.9 table (the broker did not answer ApiVersions).</summary>
    public bool IsLegacy { get; }

    /// <summary>The broker's range for <paramref name="apiKey"/>, or null when it does not support it.</summary>
    public VersionRange? this[ApiKey apiKey] =>
        (int)apiKey >= 0 && (int)apiKey < _ranges.Length ? _ranges[(int)apiKey]
        : _sparse is not null && _sparse.TryGetValue((int)apiKey, out var range) ? range
        : null;

    /// <summary>Every request type the broker supports, with its range, in key order.</summary>
    public IEnumerable<ApiVersionRange> Ranges
    {
        get
        {
            for (var key = 0; key < _ranges.Length; key++)
            {
                if (_ranges[key] is { } range)
                    yield return new ApiVersionRange((ApiKey)key, range);
            }

            if (_sparse is null)
                yield break;
            foreach (var key in _sparse.Keys.Order())
                yield return new ApiVersionRange((ApiKey)key, _sparse[key]);
        }
    }

    /// <summary>
    /// Picks the highest version that Sluice implements for <paramref name="request"/>, the broker accepts,
    /// and the user's cap allows.
    /// </summary>
    public short Pick(IKafkaRequest request, BrokerEndpoint endpoint, IReadOnlyDictionary<ApiKey, short>? caps = null)
    {
        var ours = request.Versions;
        if (caps is { Count: > 0 } && caps.TryGetValue(request.ApiKey, out var cap))
            ours = ours with { Max = Math.Min(ours.Max, cap) };
        if (this[request.ApiKey] is not { } brokers)
            throw new UnsupportedVersionException(endpoint, request.ApiKey, ours, null);

        // Kafka 4.0 still advertises Produce v0-v2 (so old librdkafka keeps compression on) but rejects them;
        // any broker that speaks v3 is sent v3 or newer.
        if (request.ApiKey == ApiKey.Produce && brokers.Max >= 3)
            brokers = brokers with { Min = Math.Max(brokers.Min, (short)3) };

        var common = ours.Intersect(brokers);
        return common.IsEmpty ? throw new UnsupportedVersionException(endpoint, request.ApiKey, ours, brokers) : common.Max;
    }
}
