using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Sluice.Benchmarks.Consumers;

namespace Sluice.Benchmarks.Harness;

/// <summary>The machine and the versions of everything in a run, for the report.</summary>
internal static partial class MachineInfo
{
    public static string Cpu()
    {
        var model = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memKb = ReadFirst("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var mem = memKb is null ? "?" : $"{long.Parse(memKb, System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB";
        var os = ReadOsRelease() ?? RuntimeInformation.OSDescription;
        var kernel = TryRead("/proc/sys/kernel/osrelease")?.Trim() ?? "?";
        var hypervisor = TryRead("/proc/cpuinfo")?.Contains(" hypervisor", StringComparison.Ordinal) == true ? "VM guest, " : "";
        return $"{hypervisor}{model}, {Environment.ProcessorCount} logical cores, {mem} RAM, {os}, Linux {kernel}";
    }

    public static string DotNet() =>
        $"{RuntimeInformation.FrameworkDescription} (SDK {Run("dotnet", "--version")?.Trim() ?? "?"}), {(GCSettings.IsServerGC ? "server" : "workstation")} GC, Release build";

    public static string Java() => Run("java", "-version", stderr: true)?.Split('\n')[0].Trim() ?? "not found";

    public static string Kcat(string libDirectory)
    {
        var text = Run("kcat", "-V", environment: new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = libDirectory });
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith("Version", StringComparison.Ordinal));
        var match = line is null ? null : KcatVersion().Match(line);
        return match is { Success: true } ? $"kcat {match.Groups[1].Value} (Debian) on librdkafka {match.Groups[2].Value}" : "kcat not found";
    }

    public static string Confluent()
    {
        var version = ConfluentNative.UseBundled();
        return $"Confluent.Kafka {Informational(typeof(Confluent.Kafka.Library).Assembly)} on librdkafka {version} (librdkafka.redist centos8 build)";
    }

    public static string Akka() => $"Akka.Streams {Informational(typeof(global::Akka.Streams.ActorMaterializer).Assembly)}";

    public static string SluiceCommit()
    {
        var head = Run("git", "rev-parse --short HEAD")?.Trim();
        var dirty = Run("git", "status --porcelain --untracked-files=no -- src tests")?.Trim();
        return head is null ? "unknown commit" : $"{head}{(string.IsNullOrEmpty(dirty) ? "" : " (with uncommitted changes)")}";
    }

    private static string Informational(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }

    private static string? ReadFirst(string file, string key) =>
        TryRead(file)?.Split('\n').Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault();

    private static string? ReadOsRelease() =>
        TryRead("/etc/os-release")?.Split('\n').Where(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)).Select(l => l[12..].Trim('"')).FirstOrDefault();

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string? Run(string file, string arguments, bool stderr = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        try
        {
            var start = new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (environment is not null)
            {
                foreach (var (k, v) in environment)
                    start.Environment[k] = v;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit(30_000);
            return stderr ? error.Result : output.Result;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex(@"Version (\S+) .*librdkafka (\S+)")]
    private static partial Regex KcatVersion();
}
