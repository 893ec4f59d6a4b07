using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sluice.TestKit.Mock;

/// <summary>
/// Finds the mock host the build copied next to Sluice.TestKit and the <c>dotnet</c> muxer to run it with,
/// and reports anything missing as <see cref="TestClusterUnavailableException"/> before a process is started.
/// </summary>
internal static class MockHostLocator
{
    public const string HostAssemblyName = "Sluice.TestKit.MockHost";

    /// <summary>The start info for a host of <paramref name="options"/>, with stdin, stdout and stderr redirected.</summary>
    public static ProcessStartInfo Locate(MockClusterOptions options)
    {
        var directory = options.HostDirectory ?? DefaultDirectory();
        var hostDll = Path.Combine(directory, HostAssemblyName + ".dll");
        if (!File.Exists(hostDll))
        {
            throw Unavailable($"{hostDll} not found; the project must reference Sluice.TestKit so the build copies the host next to it");
        }

        var runtimeConfig = Path.Combine(directory, HostAssemblyName + ".runtimeconfig.json");
        if (!File.Exists(runtimeConfig))
        {
            throw Unavailable($"{runtimeConfig} not found; dotnet cannot run the host without it");
        }

        var start = new ProcessStartInfo
        {
            FileName = Dotnet() ?? throw Unavailable("the dotnet executable was not found via DOTNET_HOST_PATH, DOTNET_ROOT, the current process or PATH"),
            WorkingDirectory = directory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--brokers");
        start.ArgumentList.Add(options.BrokerCount.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--log-level");
        start.ArgumentList.Add(options.LogLevel.ToString(CultureInfo.InvariantCulture));
        return start;
    }

    private static string DefaultDirectory()
    {
        var location = typeof(MockHostLocator).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }

    private static string? Dotnet()
    {
        var fileName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

        // The SDK sets DOTNET_HOST_PATH for test runs; a test host started by `dotnet test` is itself the muxer.
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileName(processPath) == fileName)
        {
            return processPath;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, fileName)))
        {
            return Path.Combine(root, fileName);
        }

        return ExecutableSearch.OnPath(fileName);
    }

    private static TestClusterUnavailableException Unavailable(string reason) => new(TestBrokerBackend.MockCluster, reason);
}
