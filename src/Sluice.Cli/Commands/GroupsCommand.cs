using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Cli.Arguments;
using Sluice.Cli.Groups;
using Sluice.Cli.Kafka;
using Sluice.Cli.Output;
using Sluice.Cluster;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice groups list|describe</c>: the groups of a cluster, and one group's members, committed offsets and lag.</summary>
internal sealed class GroupsCommand : ICommand
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "groups";

    public string Summary => "List consumer groups, or describe one: members, partitions, committed offsets and lag";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.Value("bootstrap", "HOST:PORT[,...]", "Brokers to start from"),
        OptionSpec.Value("group", "GROUP", "The group to describe"),
        OptionSpec.Value("format", "text|json", "text (default) for people, json for programs"),
    ];

    public string Usage => UsageText.Format(
        [
            "sluice groups list --bootstrap HOST:PORT [--format text|json]",
            "sluice groups describe --bootstrap HOST:PORT --group GROUP [--format text|json]",
        ],
        """
        list asks every broker for the groups it coordinates (ListGroups) and prints each group, its protocol type,
        its state (Kafka 2.6+ reports it in the list) and its coordinator.

        describe asks the group's coordinator for its state and members (DescribeGroups), decodes each consumer
        member's subscription and assigned partitions, and shows per partition the committed offset (OffsetFetch),
        the log end offset (ListOffsets at the partition's leader), the lag between them, and the member holding it.
        Both work with every broker from Kafka 0.9 on.
        """,
        Options);

    public async Task<int> RunAsync(ParsedArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        var action = args.Positionals.Count switch
        {
            0 => throw new UsageException("say what to do: 'sluice groups list' or 'sluice groups describe --group GROUP'"),
            1 => args.Positionals[0],
            _ => throw new UsageException($"unexpected '{args.Positionals[1]}' after '{args.Positionals[0]}'"),
        };
        if (action is not ("list" or "describe"))
            throw new UsageException($"unknown action '{action}'; use list or describe");
        var json = (args.GetChoice("format", ("text", false), ("json", true)) ?? false);
        var bootstrap = BrokerAccess.Bootstrap(args);
        if (action == "list" && args.Has("group"))
            throw new UsageException("--group applies to 'describe' only");
        var group = action == "describe" ? args.Require("group", " (the group to describe)") : null;

        await using var metadata = ClusterMetadata.Create(bootstrap);
        var inspector = new GroupInspector(metadata, bootstrap);
        string output;
        if (group is null)
        {
            var groups = await inspector.ListAsync(cancellationToken).ConfigureAwait(false);
            output = json ? ListJson(groups) : ListText(groups);
        }
        else
        {
            var description = await inspector.DescribeAsync(group, cancellationToken).ConfigureAwait(false);
            output = json ? DescribeJson(description) : DescribeText(description);
        }

        await console.Out.WriteAsync(output).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string ListText(IReadOnlyList<ListedGroupView> groups)
    {
        if (groups.Count == 0)
            return "no groups\n";
        var table = new TextTable("GROUP", "PROTOCOL TYPE", "STATE", "COORDINATOR");
        foreach (var g in groups)
            table.Add(g.GroupId, g.ProtocolType.Length == 0 ? null : g.ProtocolType, g.State, g.Coordinator.ToString(CultureInfo.InvariantCulture));
        return table.Render();
    }

    private static string ListJson(IReadOnlyList<ListedGroupView> groups) => Json(json =>
    {
        json.WriteStartArray();
        foreach (var g in groups)
        {
            json.WriteStartObject();
            json.WriteString("group", g.GroupId);
            json.WriteString("protocol_type", g.ProtocolType);
            json.WriteString("state", g.State);
            json.WriteNumber("coordinator", g.Coordinator);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    private static string DescribeText(GroupDescription d)
    {
        var text = new StringBuilder();
        var protocol = d.ProtocolType.Length == 0 ? "" : $", protocol {d.ProtocolType}{(d.Protocol.Length == 0 ? "" : "/" + d.Protocol)}";
        text.AppendLine(CultureInfo.InvariantCulture, $"Group '{d.GroupId}': state {d.State}{protocol}, coordinator {d.Coordinator.Id} ({d.Coordinator.Endpoint})");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Members: {d.Members.Count}");
        if (d.Members.Count > 0)
        {
            var members = new TextTable("MEMBER ID", "CLIENT ID", "HOST", "PARTITIONS");
            foreach (var m in d.Members)
                members.Add(m.MemberId, m.ClientId, m.ClientHost, m.Partitions.Count == 0 ? null : string.Join(",", m.Partitions));
            text.Append(members.Render("  "));
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Partitions: {d.Partitions.Count}, total lag {d.TotalLag}");
        if (d.Partitions.Count > 0)
        {
            var offsets = new TextTable("TOPIC", "PARTITION", "COMMITTED", "LOG END", "LAG", "CLIENT ID", "MEMBER ID");
            foreach (var p in d.Partitions)
                offsets.Add(p.Partition.Topic, Number(p.Partition.Partition), Number(p.Committed), Number(p.LogEnd), Number(p.Lag), p.ClientId, p.MemberId);
            text.Append(offsets.Render("  "));
        }

        return text.ToString();
    }

    private static string DescribeJson(GroupDescription d) => Json(json =>
    {
        json.WriteStartObject();
        json.WriteString("group", d.GroupId);
        json.WriteString("state", d.State);
        json.WriteString("protocol_type", d.ProtocolType);
        json.WriteString("protocol", d.Protocol);
        json.WriteStartObject("coordinator");
        json.WriteNumber("id", d.Coordinator.Id);
        json.WriteString("host", d.Coordinator.Endpoint.Host);
        json.WriteNumber("port", d.Coordinator.Endpoint.Port);
        json.WriteEndObject();
        json.WriteStartArray("members");
        foreach (var m in d.Members)
        {
            json.WriteStartObject();
            json.WriteString("member_id", m.MemberId);
            json.WriteString("group_instance_id", m.GroupInstanceId);
            json.WriteString("client_id", m.ClientId);
            json.WriteString("client_host", m.ClientHost);
            json.WriteStartArray("subscription");
            foreach (var topic in m.Subscription)
                json.WriteStringValue(topic);
            json.WriteEndArray();
            json.WriteStartArray("partitions");
            foreach (var p in m.Partitions)
                WritePartition(json, p);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("partitions");
        foreach (var p in d.Partitions)
        {
            json.WriteStartObject();
            json.WriteString("topic", p.Partition.Topic);
            json.WriteNumber("partition", p.Partition.Partition);
            WriteNumber(json, "committed", p.Committed);
            WriteNumber(json, "log_end", p.LogEnd);
            WriteNumber(json, "lag", p.Lag);
            json.WriteString("member_id", p.MemberId);
            json.WriteString("client_id", p.ClientId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("total_lag", d.TotalLag);
        json.WriteEndObject();
    });

    private static void WritePartition(Utf8JsonWriter json, TopicPartition partition)
    {
        json.WriteStartObject();
        json.WriteString("topic", partition.Topic);
        json.WriteNumber("partition", partition.Partition);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
            json.WriteNumber(name, number);
        else
            json.WriteNull(name);
    }

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
            write(json);
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }
}
