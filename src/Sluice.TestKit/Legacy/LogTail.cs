using System.Text;

namespace Sluice.TestKit.Legacy;

/// <summary>Reads the end of a log file that a JVM may still be writing, for failure messages.</summary>
internal static class LogTail
{
    private const int MaxBytes = 16 * 1024;

    public static string Of(string path, int lines) => Excerpt(path, lines, marker: null);

    /// <summary>
    /// From the first line containing <paramref name="marker"/> on, because what a JVM logs after a fatal error is
    /// mostly its own shutdown; the last lines when the marker is absent.
    /// </summary>
    public static string From(string path, string marker, int lines) => Excerpt(path, lines, marker);

    private static string Excerpt(string path, int lines, string? marker)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Max(0, stream.Length - MaxBytes), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
            var first = marker is null ? -1 : Array.FindIndex(all, l => l.Contains(marker, StringComparison.Ordinal));
            var excerpt = first >= 0 ? all.Skip(first).Take(lines) : all.Skip(Math.Max(0, all.Length - lines));
            return string.Join('\n', excerpt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"({path} cannot be read: {e.Message})";
        }
    }
}
