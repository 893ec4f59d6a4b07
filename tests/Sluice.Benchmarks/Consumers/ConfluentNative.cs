using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// Makes Confluent.Kafka load librdkafka.redist's own <c>centos8-librdkafka.so</c> (2.16.0). Its default
/// <c>librdkafka.so</c> needs libsasl2.so.3, which Debian 12 lacks, and the fallback probe by bare name binds the
/// system's librdkafka (Debian's 2.0.2 when librdkafka-dev is installed) without any error; <c>Library.Load</c>
/// cannot help because it P/Invokes <c>libdl</c>, which glibc 2.36 no longer ships as such. A DllImport resolver on
/// the Confluent.Kafka assembly is public .NET API, copies no file and pins the exact build.
/// </summary>
internal static class ConfluentNative
{
    public const string ExpectedVersion = "2.16.0";
    private static int _installed;

    /// <summary>
    /// The bundled library file this process (and kcat, through a copy) uses: under runtimes/ in a portable build, in
    /// the program's own folder in a runtime-specific publish (the ReadyToRun build).
    /// </summary>
    public static string BundledLibraryPath
    {
        get
        {
            var portable = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64", "native", "centos8-librdkafka.so");
            var published = Path.Combine(AppContext.BaseDirectory, "centos8-librdkafka.so");
            return File.Exists(portable) || !File.Exists(published) ? portable : published;
        }
    }

    /// <summary>Installs the resolver (before the first Confluent.Kafka call) and checks the version that loaded.</summary>
    /// <exception cref="InvalidOperationException">Another librdkafka than <see cref="ExpectedVersion"/> answered.</exception>
    public static string UseBundled()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            var path = BundledLibraryPath;
            if (!File.Exists(path))
                throw new InvalidOperationException($"{path} is missing; the build copies it from the librdkafka.redist package");
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, _, _) =>
                name.Contains("librdkafka", StringComparison.Ordinal) ? NativeLibrary.Load(path) : IntPtr.Zero);
        }

        var version = Library.VersionString;
        if (version != ExpectedVersion)
            throw new InvalidOperationException($"Confluent.Kafka bound librdkafka {version}, expected {ExpectedVersion}");
        return version;
    }
}
