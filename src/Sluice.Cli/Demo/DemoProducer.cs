using System.Diagnostics;
using Sluice.Cli.Producing;
using Sluice.Protocol.Records;

namespace Sluice.Cli.Demo;

/// <summary>
/// Produces the run's records at a steady rate, spread over the partitions in turn, every 50 ms what is due, and
/// books each acknowledged batch in the ledger. Runs until stopped; a produce failure ends it with that error.
/// </summary>
internal sealed class DemoProducer
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private readonly RecordProducer _producer;
    private readonly DemoLedger _ledger;
    private readonly int _rate;
    private readonly CancellationTokenSource _stop = new();
    private long _sent;

    private DemoProducer(RecordProducer producer, DemoLedger ledger, int rate)
    {
        _producer = producer;
        _ledger = ledger;
        _rate = rate;
    }

    /// <summary>Records acknowledged so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Completes when production has stopped; faults when it failed.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    /// <summary>Starts producing <paramref name="rate"/> records a second.</summary>
    public static DemoProducer Start(RecordProducer producer, DemoLedger ledger, int rate, CancellationToken cancellationToken)
    {
        var demo = new DemoProducer(producer, ledger, rate);
        demo.Running = demo.RunAsync(cancellationToken);
        return demo;
    }

    /// <summary>Stops after the batch in flight and waits for it.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Running.ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var clock = Stopwatch.StartNew();
        long skipped = 0;
        try
        {
            while (!linked.IsCancellationRequested)
            {
                // A stall costs what it cost: at most a second's worth is made up, so no burst follows.
                var due = (long)(clock.Elapsed.TotalSeconds * _rate) - skipped - Sent;
                if (due > _rate)
                {
                    skipped += due - _rate;
                    due = _rate;
                }

                if (due > 0)
                    await SendAsync(Sent, (int)due, cancellationToken).ConfigureAwait(false);
                await Task.Delay(Tick, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task SendAsync(long first, int count, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var byPartition = new Dictionary<int, List<ProduceRecord>>();
        for (var i = 0; i < count; i++)
        {
            var sequence = first + i;
            var partition = (int)(sequence % _producer.Partitions);
            if (!byPartition.TryGetValue(partition, out var records))
                byPartition[partition] = records = [];
            records.Add(new ProduceRecord(null, _ledger.ValueOf(sequence), now));
        }

        await _producer.SendAsync(byPartition, cancellationToken).ConfigureAwait(false);
        _ledger.Acknowledged(first, count);
        Interlocked.Add(ref _sent, count);
    }
}
