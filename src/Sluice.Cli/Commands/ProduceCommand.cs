using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Sluice.Cli.Arguments;
using Sluice.Cli.Kafka;
using Sluice.Cli.Producing;
using Sluice.Cluster;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice produce</c>: fills a topic for tests and demos, with generated values (<c>--count</c>) or one record per
/// line of stdin, and prints one summary line.
/// </summary>
internal sealed class ProduceCommand : ICommand
{
    private const int ChunkBytes = 512 * 1024;
    private const int ChunkRecords = 10_000;

    public string Name => "produce";

    public string Summary => "Write records to a topic: generated ones (--count) or one per line of stdin";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.Value("bootstrap", "HOST:PORT[,...]", "Brokers to start from"),
        OptionSpec.Value("topic", "TOPIC", "The topic to write to (it must exist)"),
        OptionSpec.Value("count", "N", "Write N generated records instead of reading stdin"),
        OptionSpec.Value("size", "BYTES", "Value size of generated records (default 100)"),
        OptionSpec.Value("compression", "CODEC", "none (default), gzip, snappy, lz4 or zstd (zstd needs Kafka 2.1+)"),
        OptionSpec.Value("key-prefix", "PREFIX", "Give record i the key PREFIX<i> and put it in its key's partition"),
    ];

    public string Usage => UsageText.Format(
        [
            "sluice produce --bootstrap HOST:PORT --topic TOPIC --count N [--size BYTES] [options]",
            "sluice produce --bootstrap HOST:PORT --topic TOPIC [options] < lines",
        ],
        """
        Writes records to TOPIC and prints one summary line (records, bytes, time). With --count, record i (from 0)
        has the value i in decimal, padded with '.' to --size bytes; without --count, each line of stdin (UTF-8,
        without its line break) is one record's value, until the end of input. Records without a key go to the
        partitions in turn; with --key-prefix, record i has the key PREFIX<i> and goes to the partition of the key's
        murmur2 hash, as Kafka's own producers place keys. Every batch waits for all in-sync replicas.
        """,
        Options);

    public async Task<int> RunAsync(ParsedArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        var bootstrap = BrokerAccess.Bootstrap(args);
        var topic = args.Require("topic", " (the topic to write to)");
        var count = args.GetLong("count", 0);
        var size = args.GetInt("size", 0, 64 * 1024 * 1024);
        if (size is not null && count is null)
            throw new UsageException("--size applies to generated records only; give --count as well");
        var compression = args.GetChoice("compression",
            ("none", CompressionCodec.None), ("gzip", CompressionCodec.Gzip), ("snappy", CompressionCodec.Snappy),
            ("lz4", CompressionCodec.Lz4), ("zstd", CompressionCodec.Zstd)) ?? CompressionCodec.None;
        var keyPrefix = args.Get("key-prefix");

        await using var metadata = ClusterMetadata.Create(bootstrap);
        var producer = await RecordProducer.CreateAsync(metadata, bootstrap, topic, compression, cancellationToken).ConfigureAwait(false);
        var tally = new Tally(producer, keyPrefix);
        var clock = Stopwatch.StartNew();
        var interrupted = false;
        try
        {
            if (count is { } n)
                await ProduceGeneratedAsync(tally, n, size ?? 100, cancellationToken).ConfigureAwait(false);
            else
                await ProduceLinesAsync(tally, console.In, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? tally.Records / seconds : 0;
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"produced {tally.Records} record(s), {tally.Bytes} value bytes to '{topic}' ({producer.Partitions} partitions, compression {compression.ToString().ToLowerInvariant()}) in {seconds:0.00} s ({rate:0} records/s){(interrupted ? "; interrupted" : "")}")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task ProduceGeneratedAsync(Tally tally, long count, int size, CancellationToken cancellationToken)
    {
        for (long i = 0; i < count; i++)
        {
            var digits = i.ToString(CultureInfo.InvariantCulture);
            await tally.AddAsync(Encoding.ASCII.GetBytes(digits.Length >= size ? digits : digits.PadRight(size, '.')), cancellationToken).ConfigureAwait(false);
        }

        await tally.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Lines are read on their own task so that what has arrived is sent while more is still being typed or piped.
    private static async Task ProduceLinesAsync(Tally tally, TextReader input, CancellationToken cancellationToken)
    {
        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(ChunkRecords) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                    await lines.Writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                lines.Writer.Complete();
            }
            catch (Exception e)
            {
                lines.Writer.Complete(e);
            }
        }, CancellationToken.None);

        while (await lines.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (lines.Reader.TryRead(out var line))
                await tally.AddAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
            await tally.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await reading.ConfigureAwait(false);
    }

    /// <summary>Places records in partitions, sends them in chunks, and counts what the brokers acknowledged.</summary>
    private sealed class Tally(RecordProducer producer, string? keyPrefix)
    {
        private Dictionary<int, List<ProduceRecord>> _chunk = new();
        private long _next;
        private int _chunkRecords;
        private long _chunkBytes;

        public long Records { get; private set; }

        public long Bytes { get; private set; }

        public async Task AddAsync(byte[] value, CancellationToken cancellationToken)
        {
            var index = _next++;
            var key = keyPrefix is null ? null : Encoding.UTF8.GetBytes(keyPrefix + index.ToString(CultureInfo.InvariantCulture));
            var partition = key is null ? (int)(index % producer.Partitions) : KeyPartitioner.PartitionOf(key, producer.Partitions);
            if (!_chunk.TryGetValue(partition, out var records))
                _chunk[partition] = records = [];
            records.Add(new ProduceRecord(key, value, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            _chunkRecords++;
            _chunkBytes += value.Length + (key?.Length ?? 0);
            if (_chunkRecords >= ChunkRecords || _chunkBytes >= ChunkBytes)
                await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_chunkRecords == 0)
                return;
            var chunk = _chunk;
            _chunk = new Dictionary<int, List<ProduceRecord>>();
            await producer.SendAsync(chunk, cancellationToken).ConfigureAwait(false);
            Records += _chunkRecords;
            Bytes += chunk.Values.Sum(records => records.Sum(r => (long)(r.Value?.Length ?? 0)));
            _chunkRecords = 0;
            _chunkBytes = 0;
        }
    }
}
