using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sluice.TestKit.Tools;

/// <summary>
/// Drives the <c>kcat</c> command (librdkafka's CLI client) as an independent Kafka peer: what Sluice writes,
/// kcat must read, byte for byte.
/// </summary>
public static class Kcat
{
    // Lengths first, so keys and values can be any bytes, including the separators.
    private const string Format = "%p|%o|%K|%S|%T|%h\\n%k%s\\n";

    /// <summary>The kcat executable on PATH, or null.</summary>
    public static string? Executable { get; } = ExecutableSearch.OnPath("kcat") ?? ExecutableSearch.OnPath("kafkacat");

    /// <summary>
    /// Reads every record of a partition from the beginning to the current end. For a Kafka 0.9 broker pass
    /// <paramref name="legacyBroker"/>: librdkafka cannot ask it for versions and must be told.
    /// </summary>
    public static async Task<IReadOnlyList<KcatRecord>> ConsumeAsync(
        string bootstrapServers, string topic, int partition, bool legacyBroker = false, CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "-C", "-b", bootstrapServers, "-t", topic, "-p", partition.ToString(CultureInfo.InvariantCulture), "-o", "beginning", "-e", "-q", "-f", Format };
        if (legacyBroker)
            args.AddRange(["-X", "broker.version.fallback=0.9.0", "-X", "api.version.request=false"]);
        var output = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return Parse(output);
    }

    /// <summary>
    /// Writes text records to one partition with librdkafka, compressed with <paramref name="codec"/> (none,
    /// gzip, snappy, lz4, zstd). Each record has a key and the headers given; values and keys are UTF-8 text
    /// without newlines or the key delimiter.
    /// </summary>
    public static async Task ProduceAsync(
        string bootstrapServers, string topic, int partition, string codec, IReadOnlyList<(string Key, string Value)> records,
        IReadOnlyDictionary<string, string>? headers = null, bool legacyBroker = false, CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "-P", "-b", bootstrapServers, "-t", topic, "-p", partition.ToString(CultureInfo.InvariantCulture), "-z", codec, "-K", "\t", "-q" };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            args.AddRange(["-H", $"{name}={value}"]);
        if (legacyBroker)
            args.AddRange(["-X", "broker.version.fallback=0.9.0", "-X", "api.version.request=false"]);
        // Several records per request, so compressed batches hold more than one record.
        args.AddRange(["-X", "linger.ms=50"]);
        var input = new StringBuilder();
        foreach (var (key, value) in records)
        {
            if (key.Contains('\t') || key.Contains('\n') || value.Contains('\n'))
                throw new ArgumentException("kcat reads one tab-separated key and value per line.", nameof(records));
            input.Append(key).Append('\t').Append(value).Append('\n');
        }

        await RunAsync(args, cancellationToken, Encoding.UTF8.GetBytes(input.ToString())).ConfigureAwait(false);
    }

    private static IReadOnlyList<KcatRecord> Parse(byte[] output)
    {
        var records = new List<KcatRecord>();
        var at = 0;
        while (at < output.Length)
        {
            var end = Array.IndexOf(output, (byte)'\n', at);
            if (end < 0)
                throw new FormatException("kcat output ends in the middle of a record header.");
            var fields = Encoding.UTF8.GetString(output, at, end - at).Split('|', 6);
            at = end + 1;
            var keyLength = int.Parse(fields[2], CultureInfo.InvariantCulture);
            var valueLength = int.Parse(fields[3], CultureInfo.InvariantCulture);
            var key = Take(output, ref at, keyLength);
            var value = Take(output, ref at, valueLength);
            if (at >= output.Length || output[at] != (byte)'\n')
                throw new FormatException($"kcat record at offset {fields[1]} is not followed by a newline.");
            at++;
            records.Add(new KcatRecord(
                int.Parse(fields[0], CultureInfo.InvariantCulture),
                long.Parse(fields[1], CultureInfo.InvariantCulture),
                key,
                value,
                long.Parse(fields[4], CultureInfo.InvariantCulture),
                fields[5]));
        }

        return records;
    }

    private static byte[]? Take(byte[] output, ref int at, int length)
    {
        if (length < 0)
            return null;
        if (at + length > output.Length)
            throw new FormatException("kcat output is shorter than the lengths it announced.");
        var bytes = output.AsSpan(at, length).ToArray();
        at += length;
        return bytes;
    }

    private static async Task<byte[]> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken, byte[]? input = null)
    {
        var executable = Executable ?? throw new InvalidOperationException("kcat is not installed: apt-get install kcat");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            if (input is not null)
                await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await Task.WhenAll(copy, stderr, process.WaitForExitAsync(timeout.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kcat {string.Join(' ', start.ArgumentList)} did not finish within 60 s.");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kcat exited with {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}");
        return stdout.ToArray();
    }
}
