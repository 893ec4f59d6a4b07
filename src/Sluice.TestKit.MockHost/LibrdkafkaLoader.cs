using System.Reflection;
using System.Runtime.InteropServices;

namespace Sluice.TestKit.MockHost;

/// <summary>
/// Binds <see cref="LibrdkafkaNative.LibraryName"/> to the librdkafka the NuGet package ships, and to nothing else.
/// Default probing would fall through to the system search path, where Debian's librdkafka 2.0.2 lives and
/// lacks mock APIs the host calls; so the resolver either returns the bundled image or throws.
/// </summary>
internal static class LibrdkafkaLoader
{
    /// <summary>The librdkafka.redist version pinned in Directory.Packages.props; bump both together.</summary>
    public const string ExpectedVersion = "2.16.0";

    private static nint _library;

    /// <summary>
    /// Loads the bundled library from <c>runtimes/&lt;rid&gt;/native</c> under <paramref name="baseDirectory"/>,
    /// installs the resolver and checks the version; returns the file that loaded.
    /// </summary>
    /// <exception cref="HostStartException">No candidate loads, or the loaded one is not <see cref="ExpectedVersion"/>.</exception>
    public static string Load(string baseDirectory)
    {
        var nativeDirectory = Path.Combine(baseDirectory, "runtimes", RuntimeIdentifier(), "native");
        var failures = new List<string>();
        foreach (var fileName in CandidateFileNames())
        {
            var path = Path.Combine(nativeDirectory, fileName);
            if (!File.Exists(path))
            {
                failures.Add($"{fileName}: not found");
                continue;
            }

            try
            {
                _library = NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                failures.Add($"{fileName}: {e.Message}");
                continue;
            }

            NativeLibrary.SetDllImportResolver(Assembly.GetExecutingAssembly(), Resolve);
            var version = Marshal.PtrToStringUTF8(LibrdkafkaNative.VersionString());
            if (version != ExpectedVersion)
            {
                throw new HostStartException($"librdkafka at {path} reports version {version}, expected {ExpectedVersion}");
            }

            return path;
        }

        throw new HostStartException(
            $"librdkafka {ExpectedVersion} (package librdkafka.redist) cannot be loaded from {nativeDirectory}: {string.Join("; ", failures)}");
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibrdkafkaNative.LibraryName)
        {
            return 0;
        }

        return _library != 0
            ? _library
            : throw new DllNotFoundException("the bundled librdkafka was not loaded; refusing to probe the system copy");
    }

    private static string RuntimeIdentifier()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
    }

    // The package's default Linux build needs libsasl2.so.3, which Debian 12 lacks; its CentOS 8 build
    // links only libc and friends, so it is the fallback.
    private static string[] CandidateFileNames() =>
        OperatingSystem.IsWindows() ? ["librdkafka.dll"]
        : OperatingSystem.IsMacOS() ? ["librdkafka.dylib"]
        : ["librdkafka.so", "centos8-librdkafka.so"];
}
