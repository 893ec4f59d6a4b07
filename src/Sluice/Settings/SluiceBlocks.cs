using Akka.Configuration;

namespace Sluice.Settings;

/// <summary>
/// The shape of the <c>sluice</c> block around the settings being read. <see cref="HoconSection"/> refuses unknown
/// keys inside the blocks Sluice reads; a misspelt block name (<c>sluice.consumr</c>, <c>sluice.consumers.ordres</c>)
/// would otherwise leave everything written in it unread, and the defaults in force, without a word.
/// </summary>
internal static class SluiceBlocks
{
    private const string Root = "sluice";

    /// <summary>The blocks Sluice's packages read under <c>sluice</c> (the command-line tool reads <c>cli</c>).</summary>
    private static readonly string[] Known = ["consumer", "consumers", "committer", "cli"];

    private const string AcceptedAtRoot = "consumer { … }, consumers { <name> { … } }, committer { … } and cli { … }";

    /// <summary>Refuses a key under <c>sluice</c> that no Sluice package reads, and anything under
    /// <c>sluice.consumers</c> that is not a block named as a consumer can be.</summary>
    public static void Check(Config config)
    {
        if (config.IsEmpty || config.GetValue(Root) is not { } root)
            return;
        if (!root.IsObject())
            throw new SettingsException(Root, "is not a block", AcceptedAtRoot);

        foreach (var (key, _) in config.GetConfig(Root).AsEnumerable())
        {
            if (!Known.Contains(key, StringComparer.Ordinal))
                throw SettingsException.UnknownKey($"{Root}.{key}", HoconSection.Closest(key, Known) is { } near ? $"{Root}.{near}" : null, Root, AcceptedAtRoot);
        }

        foreach (var name in ConsumerNames(config))
        {
            var path = $"{ConsumerSettings.ConsumersPath}.{name}";
            if (!ConsumerSettings.IsValidName(name) || config.GetValue(path) is not { } block || !block.IsObject())
                throw new SettingsException(path, "is not a named consumer's block", $"one block per consumer, {ConsumerSettings.ConsumersPath}.<name> {{ … }}, named with letters, digits, '-' and '_' (shared settings go in {ConsumerSettings.ConfigPath})");
        }
    }

    /// <summary>
    /// Refuses to read the consumer <paramref name="name"/> from the shared block alone when it has no block of its
    /// own but one of a nearly identical name is there: that block was meant for it.
    /// </summary>
    public static void CheckNamed(Config config, string name)
    {
        if (config.IsEmpty || config.GetValue($"{ConsumerSettings.ConsumersPath}.{name}") is not null)
            return;
        if (HoconSection.Closest(name, ConsumerNames(config)) is { } near)
            throw SettingsException.MisspeltBlock($"{ConsumerSettings.ConsumersPath}.{name}", $"{ConsumerSettings.ConsumersPath}.{near}");
    }

    private static IReadOnlyList<string> ConsumerNames(Config config) =>
        !config.IsEmpty && config.GetValue(ConsumerSettings.ConsumersPath) is { } consumers && consumers.IsObject()
            ? config.GetConfig(ConsumerSettings.ConsumersPath).AsEnumerable().Select(e => e.Key).ToList()
            : [];
}
