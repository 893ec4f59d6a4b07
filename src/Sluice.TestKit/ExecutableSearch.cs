namespace Sluice.TestKit;

/// <summary>Looks an executable up on <c>PATH</c> the way a shell would, so a missing tool is reported before it is run.</summary>
internal static class ExecutableSearch
{
    public static string? OnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
