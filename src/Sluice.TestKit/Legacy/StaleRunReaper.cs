using System.Diagnostics;
using System.Text;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// Kills JVMs and deletes run directories left by test processes that died without disposing their cluster.
/// The per-JVM watchdog normally prevents that; this covers a watchdog that was itself killed.
/// </summary>
internal static class StaleRunReaper
{
    private static readonly string OwnerPrefix = $"-D{ProcessOwner.PropertyName}=";

    public static void Reap(string runRoot)
    {
        KillOrphanedJvms();
        DeleteOrphanedRunDirectories(runRoot);
    }

    private static void KillOrphanedJvms()
    {
        foreach (var procDirectory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(procDirectory), out var pid))
            {
                continue;
            }

            var owner = OwnerOf(procDirectory);
            if (owner is null || ProcessOwner.IsAlive(owner))
            {
                continue;
            }

            try
            {
                using var orphan = Process.GetProcessById(pid);
                orphan.Kill(entireProcessTree: true);
                orphan.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already, or not ours to kill.
            }
        }
    }

    private static string? OwnerOf(string procDirectory)
    {
        byte[] commandLine;
        try
        {
            commandLine = File.ReadAllBytes(Path.Combine(procDirectory, "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var argument in Encoding.UTF8.GetString(commandLine).Split('\0'))
        {
            if (argument.StartsWith(OwnerPrefix, StringComparison.Ordinal))
            {
                return argument[OwnerPrefix.Length..];
            }
        }

        return null;
    }

    private static void DeleteOrphanedRunDirectories(string runRoot)
    {
        if (!Directory.Exists(runRoot))
        {
            return;
        }

        foreach (var runDirectory in Directory.EnumerateDirectories(runRoot))
        {
            if (LegacyRunDirectory.OwnerOf(runDirectory) is { } owner && ProcessOwner.IsAlive(owner))
            {
                continue;
            }

            LegacyRunDirectory.TryDelete(runDirectory);
        }
    }
}
