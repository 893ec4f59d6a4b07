using Akka.Configuration;
using Sluice.Cli.Arguments;
using Sluice.Cli.Kafka;
using Sluice.Cli.Output;
using Sluice.Fetch;
using Sluice.Settings;

namespace Sluice.Cli.Commands;

/// <summary>The settings and limits one run works with, from the options and the config file.</summary>
internal sealed record ConsumePlan(ConsumerSettings Settings, CommitterSettings CommitterSettings, bool Commit, RecordFormat Format, long? MaxMessages, TimeSpan? IdleTimeout)
{
    public static ConsumePlan From(ParsedArguments args)
    {
        var (settings, committer, file) = Load(args.Get("config"));
        var bootstrap = BrokerAccess.Bootstrap(args, file?.HasPath("sluice.consumer.bootstrap-servers") == true ? settings.BootstrapServers : null);
        var group = args.Get("group") ?? (file?.HasPath("sluice.consumer.group-id") == true ? settings.GroupId : null)
            ?? throw new UsageException("--group is required (the consumer group to join)");
        var listed = args.GetAll("topic");
        var pattern = args.Get("topic-pattern") ?? (listed.Count == 0 ? settings.TopicPattern : null);
        if (pattern is not null && listed.Count > 0)
            throw new UsageException("give --topic or --topic-pattern, not both");
        var topics = pattern is not null ? settings.Topics
            : listed.Count > 0 ? listed
            : file?.HasPath("sluice.consumer.topics") == true ? settings.Topics
            : throw new UsageException("--topic or --topic-pattern is required (the topics to read)");
        if (topics.Any(string.IsNullOrWhiteSpace))
            throw new UsageException("--topic needs a topic name; got an empty one");
        if (string.IsNullOrWhiteSpace(group))
            throw new UsageException("--group needs a group name; got an empty one");

        var commit = !args.Has("no-commit");
        settings = settings.WithBootstrapServers(bootstrap).WithGroupId(group).WithTopics([.. topics]) with
        {
            TopicPattern = Pattern(pattern),
            AutoOffsetReset = args.GetChoice("from", ("earliest", OffsetReset.Earliest), ("latest", OffsetReset.Latest)) ?? settings.AutoOffsetReset,
            AutoCommitEnable = commit && settings.AutoCommitEnable,
        };
        var format = args.GetChoice("format", ("jsonl", RecordFormat.JsonLines), ("text", RecordFormat.Text)) ?? RecordFormat.JsonLines;
        var idle = args.GetLong("idle-timeout", 1, int.MaxValue) is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        return new ConsumePlan(settings, committer, commit, format, args.GetLong("max-messages", 0), idle);
    }

    // The settings check the pattern; the user hears of it in the option's terms.
    private static string? Pattern(string? pattern)
    {
        if (pattern is null)
            return null;
        try
        {
            return (ConsumerSettings.Default with { TopicPattern = pattern }).TopicPattern;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--topic-pattern: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    // Without a config file, commits go out at least every second: little is read twice after a crash.
    private static (ConsumerSettings Settings, CommitterSettings Committer, Config? File) Load(string? path)
    {
        if (path is null)
            return (ConsumerSettings.Default, CommitterSettings.Default.WithMaxInterval(TimeSpan.FromSeconds(1)), null);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the --config file {path}: {e.Message.TrimEnd('.')}", e);
        }

        var config = ConfigurationFactory.ParseString(text);
        var committer = config.HasPath(CommitterSettings.ConfigPath)
            ? CommitterSettings.Create(config)
            : CommitterSettings.Default.WithMaxInterval(TimeSpan.FromSeconds(1));
        return (ConsumerSettings.Create(config), committer, config);
    }
}
