using System.Globalization;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// Names the test process that owns a JVM or run directory as <c>pid.starttime</c>, so a later run can tell a live
/// owner from a dead one even when the pid has been reused.
/// </summary>
internal static class ProcessOwner
{
    /// <summary>The JVM system property that carries the tag; it makes the owner visible in <c>/proc/*/cmdline</c>.</summary>
    public const string PropertyName = "sluice.testkit.owner";

    public static string CurrentTag { get; } = TagOf(Environment.ProcessId) ?? $"{Environment.ProcessId}.0";

    public static string JvmArgument => $"-D{PropertyName}={CurrentTag}";

    public static bool IsAlive(string tag)
    {
        var dot = tag.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !int.TryParse(tag.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        return TagOf(pid) == tag;
    }

    private static string? TagOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses, so count fields from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int startTimeIndex = 22 - 3;
        return fields.Length > startTimeIndex ? $"{pid}.{fields[startTimeIndex]}" : null;
    }
}
