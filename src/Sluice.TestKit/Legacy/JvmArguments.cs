namespace Sluice.TestKit.Legacy;

/// <summary>
/// The command line of one JVM of a run: small heap, log4j into a file of the run directory,
/// and the owner tag that lets a later run reap it.
/// </summary>
internal static class JvmArguments
{
    public static IReadOnlyList<string> For(
        string runDirectory, string logName, int heapMegabytes, string classPath, string mainClass, IEnumerable<string> mainArguments)
    {
        var arguments = new List<string>
        {
            $"-Xmx{heapMegabytes}m",
            "-XX:+UseSerialGC",
            "-Djava.awt.headless=true",
            $"-Dlog4j.configuration=file:{LegacyConfigFiles.Log4jPath(runDirectory)}",
            $"-Dsluice.log.file={LogPath(runDirectory, logName)}",
            ProcessOwner.JvmArgument,
            "-cp",
            classPath,
            mainClass,
        };
        arguments.AddRange(mainArguments);
        return arguments;
    }

    public static string LogPath(string runDirectory, string logName) => Path.Combine(runDirectory, $"{logName}.log");
}
