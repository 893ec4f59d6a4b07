using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// Which build of this program the .NET consumers run. ReadyToRun (<see cref="PublishReadyToRunAsync"/>, the default) is how a .NET service is
/// deployed for throughput: <c>dotnet publish -p:PublishReadyToRun=true</c>, so Sluice, Akka and Confluent.Kafka's
/// managed code start precompiled instead of in the JIT's unoptimised first tier. <see cref="Jit"/> is the plain
/// <c>dotnet build</c> output the harness itself runs from. Sluice and Confluent.Kafka always run the same build.
/// </summary>
internal sealed record ChildBuild(string Name, string? Assembly)
{
    /// <summary>The plain build: this program, started again.</summary>
    public static ChildBuild Jit { get; } = new("JIT only (`dotnet build` output)", null);

    /// <summary>
    /// Publishes this program ReadyToRun for the current runtime identifier into artifacts/bench/r2r, checks the
    /// result is precompiled, and returns that build.
    /// </summary>
    public static async Task<ChildBuild> PublishReadyToRunAsync(TextWriter log)
    {
        var root = DocsWriter.RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "bench", "r2r");
        var project = Path.Combine(root, "tests", "Sluice.Benchmarks", "Sluice.Benchmarks.csproj");
        var rid = RuntimeInformation.RuntimeIdentifier;
        var arguments = new[] { "publish", project, "-c", "Release", "-r", rid, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output };
        await log.WriteLineAsync($"# dotnet {string.Join(' ', arguments)}").ConfigureAwait(false);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish (ReadyToRun) failed with exit code {process.ExitCode}:\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");

        var assembly = Path.Combine(output, "Sluice.Benchmarks.dll");
        foreach (var precompiled in new[] { "Sluice.dll", "Akka.dll", "Akka.Streams.dll", "Confluent.Kafka.dll" })
        {
            if (!IsReadyToRun(Path.Combine(output, precompiled)))
                throw new InvalidOperationException($"{precompiled} in {output} carries no ReadyToRun code");
        }

        return new ChildBuild($"ReadyToRun (`dotnet publish -c Release -r {rid} --self-contained false -p:PublishReadyToRun=true`)", assembly);
    }

    /// <summary>Starts this build of the program with <paramref name="arguments"/>.</summary>
    public ChildProcess Start(IEnumerable<string> arguments, bool measure, IReadOnlyDictionary<string, string>? environment) =>
        Assembly is null
            ? SelfProcess.Start(arguments, measure, environment: environment)
            : ChildProcess.Start("dotnet", new[] { Assembly }.Concat(arguments), measure, environment: environment);

    // A ReadyToRun image has a managed native header; an IL-only assembly does not.
    private static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
