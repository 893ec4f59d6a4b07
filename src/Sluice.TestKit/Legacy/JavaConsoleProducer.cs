using System.Diagnostics;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// Kafka 0.9's own console producer (the Java client of that release): it writes message sets exactly as
/// the Java client of the time did, wrapper messages and codec framings included.
/// </summary>
internal static class JavaConsoleProducer
{
    public static async Task ProduceAsync(
        string java, string classPath, string bootstrapServers, string topic, IReadOnlyList<(string Key, string Value)> records,
        string compressionCodec, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(java)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-Xmx128m", "-cp", classPath, "kafka.tools.ConsoleProducer",
                     "--broker-list", bootstrapServers, "--topic", topic, "--compression-codec", compressionCodec,
                     "--property", "parse.key=true", "--property", "key.separator=\t", "--request-required-acks", "-1",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("java did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            foreach (var (key, value) in records)
            {
                if (key.Contains('\t') || key.Contains('\n') || value.Contains('\n'))
                    throw new ArgumentException("The console producer reads one tab-separated key and value per line.", nameof(records));
                await process.StandardInput.WriteLineAsync(key + "\t" + value).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Kafka's console producer did not finish writing to {topic} within 90 s.");
        }

        var errors = await stderr.ConfigureAwait(false);
        await stdout.ConfigureAwait(false);
        if (process.ExitCode != 0 || errors.Contains("ERROR", StringComparison.Ordinal))
            throw new InvalidOperationException($"Kafka's console producer failed (exit {process.ExitCode}): {errors.Trim()}");
    }
}
