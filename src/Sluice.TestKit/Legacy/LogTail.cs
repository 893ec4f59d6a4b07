using System.Text;

namespace Sluice.TestKit.Legacy;

/// <summary>Reads the end of a log file that a JVM may still be writing, for failure messages.</summary>
internal static class LogTail
{
    private const int MaxBytes = 16 * 1024;

    public static string Of(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, stream.Length - MaxBytes);
            stream.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var tail = all.Skip(Math.Max(0, all.Length - lines));
            return string.Join('\n', tail.Select(l => l.TrimEnd('\r')));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"({path} cannot be read: {e.Message})";
        }
    }
}
