using System.Reflection;

namespace Sluice.Benchmarks.Harness;

/// <summary>How to start this program again as a child: its apphost, or <c>dotnet Sluice.Benchmarks.dll</c>.</summary>
internal static class SelfProcess
{
    public static (string File, IReadOnlyList<string> Prefix) Command
    {
        get
        {
            var path = Environment.ProcessPath ?? throw new InvalidOperationException("the process path is unknown");
            return Path.GetFileNameWithoutExtension(path) == "dotnet"
                ? (path, [Assembly.GetEntryAssembly()!.Location])
                : (path, []);
        }
    }

    /// <summary>How to run this program's current command again from the repository root, for the reports.</summary>
    public static string ReproduceCommand =>
        "dotnet run -c Release --project tests/Sluice.Benchmarks -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(ChildProcess.Quote));

    public static ChildProcess Start(
        IEnumerable<string> arguments, bool measure, Action<double, string>? onLine = null, bool redirectStdin = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (file, prefix) = Command;
        return ChildProcess.Start(file, prefix.Concat(arguments), measure, environment: environment, onLine: onLine, redirectStdin: redirectStdin);
    }
}
