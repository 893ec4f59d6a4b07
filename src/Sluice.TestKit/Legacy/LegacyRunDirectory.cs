namespace Sluice.TestKit.Legacy;

/// <summary>
/// The per-cluster folder under the temp folder that holds configs, ZooKeeper data, broker logs and JVM logs.
/// Its name starts with the owner tag so a reaper can tell whether its creator is still alive.
/// </summary>
internal static class LegacyRunDirectory
{
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "sluice-legacy-kafka");

    public static string Create()
    {
        var path = Path.Combine(Root, $"{ProcessOwner.CurrentTag}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static string? OwnerOf(string runDirectory)
    {
        var name = Path.GetFileName(runDirectory);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? name[..dash] : null;
    }

    public static void TryDelete(string runDirectory)
    {
        try
        {
            Directory.Delete(runDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open by a dying JVM; the next reap removes it.
        }
    }
}
