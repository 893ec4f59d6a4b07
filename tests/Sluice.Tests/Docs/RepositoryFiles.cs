namespace Sluice.Tests.Docs;

/// <summary>Files of the repository the tests run from, found from the test assembly's directory upward.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The repository root: the nearest directory above the test binaries that holds Sluice.slnx.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>The full path of <paramref name="relativePath"/> (forward slashes) under the repository root.</summary>
    public static string PathOf(string relativePath) => Path.Combine([Root, .. relativePath.Split('/')]);

    /// <summary>The text of a repository file with its line breaks normalised to <c>\n</c>.</summary>
    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath)).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sluice.slnx")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} holds Sluice.slnx: the docs tests must run from a build inside the repository.");
    }
}
