namespace Sluice.TestKit.Legacy;

/// <summary>Finds the <c>java</c> executable the brokers run on.</summary>
internal static class JavaRuntime
{
    /// <summary>The explicit path if given, else <c>$JAVA_HOME/bin/java</c>, else the first <c>java</c> on <c>PATH</c>.</summary>
    /// <exception cref="TestClusterUnavailableException">No such executable exists.</exception>
    public static string Locate(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw Unavailable($"java not found at {explicitPath}");
        }

        var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        if (!string.IsNullOrEmpty(javaHome) && File.Exists(Path.Combine(javaHome, "bin", "java")))
        {
            return Path.Combine(javaHome, "bin", "java");
        }

        return ExecutableSearch.OnPath("java")
            ?? throw Unavailable("java not found in $JAVA_HOME/bin or on PATH; install a Java runtime (17 is known to work)");
    }

    private static TestClusterUnavailableException Unavailable(string reason) => new(TestBrokerBackend.LegacyKafka, reason);
}
