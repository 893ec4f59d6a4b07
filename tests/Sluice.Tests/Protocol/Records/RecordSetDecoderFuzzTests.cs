using System.Buffers.Binary;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

/// <summary>
/// Random valid record sets of every format and codec, damaged at random (bit flips, byte changes, cuts,
/// insertions), either decode consistently or raise <see cref="CorruptBatchException"/>: never another exception,
/// never a hang. Seeds are fixed, so a failure repeats.
/// </summary>
public sealed class RecordSetDecoderFuzzTests
{
    private const int SamplesPerFormat = 120;
    private const int MutationsPerSample = 25;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    public static TheoryData<byte, CompressionCodec> Formats() => RecordSetRoundTripTests.LegalFormats();

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Damaged_record_sets_decode_or_raise_a_corrupt_batch_exception(byte magic, CompressionCodec codec)
    {
        await Task.Run(() =>
        {
            var random = new Random(1_000 * magic + (int)codec);
            for (var sample = 0; sample < SamplesPerFormat; sample++)
            {
                var (valid, baseOffset, count) = RandomRecordSet(random, magic, codec);
                var decoded = Check(valid, baseOffset, RecordDecodeOptions.Default, null, $"{magic}/{codec} sample {sample}");
                Assert.Equal(count, decoded);

                for (var mutation = 0; mutation < MutationsPerSample; mutation++)
                {
                    var damaged = Mutate(valid, random);
                    var fetchOffset = baseOffset + random.Next(-1, count + 1);
                    var (options, aborted) = RandomOptions(random, baseOffset);
                    Check(damaged, Math.Max(fetchOffset, 0), options, aborted, $"{magic}/{codec} sample {sample} mutation {mutation}");
                }
            }
        }).WaitAsync(HangLimit);
    }

    [Fact]
    public async Task Random_bytes_with_plausible_entry_headers_decode_or_raise_a_corrupt_batch_exception()
    {
        await Task.Run(() =>
        {
            var random = new Random(77);
            for (var i = 0; i < 5_000; i++)
            {
                var bytes = new byte[random.Next(0, 400)];
                random.NextBytes(bytes);
                if (bytes.Length >= 17)
                {
                    BinaryPrimitives.WriteInt64BigEndian(bytes, random.Next(0, 100));
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), random.Next(2) == 0 ? bytes.Length - 12 : random.Next(-20, 500));
                    bytes[16] = (byte)random.Next(0, 4);
                }

                var (options, aborted) = RandomOptions(random, 0);
                Check(bytes, random.Next(0, 50), options, aborted, $"random set {i}");
            }
        }).WaitAsync(HangLimit);
    }

    [Fact]
    public async Task Damaged_transactional_sets_under_read_committed_decode_or_raise_a_corrupt_batch_exception()
    {
        await Task.Run(() =>
        {
            var random = new Random(91);
            var valid = RecordSets.Concat(
                BatchBuilder.Data(0, 3, producerId: 1, transactional: true).ToBytes(),
                (BatchBuilder.Data(3, 2, producerId: 2, transactional: true) with { Codec = CompressionCodec.Lz4 }).ToBytes(),
                BatchBuilder.Marker(5, producerId: 1, commit: false).ToBytes(),
                (BatchBuilder.Marker(6, producerId: 2, commit: true) with { ZeroCrc = true }).ToBytes(),
                BatchBuilder.Data(7, 2).ToBytes());
            var options = RecordDecodeOptions.Default.WithIsolationLevel(IsolationLevel.ReadCommitted);
            Assert.Equal(4, Check(valid, 0, options, [new AbortedTransaction(1, 0)], "valid transactional set"));

            for (var i = 0; i < 3_000; i++)
            {
                var damaged = Mutate(valid, random);
                var variant = options.WithCheckCrcs(random.Next(3) == 0).WithSkipCorruptBatches(random.Next(2) == 0);
                Check(damaged, random.Next(0, 9), variant, [new AbortedTransaction(1, random.Next(0, 8)), new AbortedTransaction(2, 6)], $"transactional mutation {i}");
            }
        }).WaitAsync(HangLimit);
    }

    // Decodes and checks what any decode must satisfy; returns how many records came out.
    private static int Check(byte[] bytes, long fetchOffset, RecordDecodeOptions options, IReadOnlyList<AbortedTransaction>? aborted, string what)
    {
        var output = new List<ConsumedRecord>();
        RecordSetDecodeResult result = default;
        var failure = Record.Exception(() => result = RecordSetDecoder.Decode(bytes, "fuzz", 0, fetchOffset, options, aborted, output));
        if (failure is not null)
        {
            Assert.True(failure is CorruptBatchException, $"{what}: {failure.GetType().Name}: {failure.Message}\n{failure.StackTrace}");
            return -1;
        }

        Assert.True(result.NextOffset >= fetchOffset, $"{what}: NextOffset {result.NextOffset} is below the fetch offset {fetchOffset}");
        Assert.Equal(output.Count, result.RecordsAdded);
        Assert.True(result.IncompleteEntrySize >= 0, what);
        Assert.True(options.SkipCorruptBatches || result.Skipped.Count == 0, what);
        var previous = fetchOffset - 1;
        foreach (var record in output)
        {
            Assert.True(record.Offset > previous && record.Offset < result.NextOffset, $"{what}: offset {record.Offset} out of order or past {result.NextOffset}");
            previous = record.Offset;
        }

        return output.Count;
    }

    private static (byte[] Bytes, long BaseOffset, int Count) RandomRecordSet(Random random, byte magic, CompressionCodec codec)
    {
        var baseOffset = (long)random.Next(0, 1_000);
        var parts = new List<byte[]>();
        var offset = baseOffset;
        for (var entry = random.Next(1, 4); entry > 0; entry--)
        {
            var records = Enumerable.Range(0, random.Next(1, 6)).Select(_ => RandomRecord(random, magic == 2)).ToArray();
            parts.Add(RecordSets.Write(records, magic, codec, offset));
            offset += records.Length;
        }

        return (RecordSets.Concat([.. parts]), baseOffset, (int)(offset - baseOffset));
    }

    private static ProduceRecord RandomRecord(Random random, bool headers)
    {
        var headerList = headers
            ? Enumerable.Range(0, random.Next(0, 3)).Select(i => new RecordHeader($"h{i}", RandomBytes(random, 10))).ToArray()
            : null;
        return new ProduceRecord(RandomBytes(random, 20), RandomBytes(random, 200), 1_700_000_000_000 + random.Next(-5_000, 5_000), headerList);
    }

    private static byte[]? RandomBytes(Random random, int maxLength)
    {
        switch (random.Next(6))
        {
            case 0:
                return null;
            case 1:
                return [];
            case 2:
                // Compressible runs give the codecs back-references to decode.
                return Enumerable.Repeat((byte)random.Next(256), random.Next(1, maxLength + 1)).ToArray();
            default:
                var bytes = new byte[random.Next(1, maxLength + 1)];
                random.NextBytes(bytes);
                return bytes;
        }
    }

    private static (RecordDecodeOptions Options, IReadOnlyList<AbortedTransaction>? Aborted) RandomOptions(Random random, long baseOffset)
    {
        // Mostly without CRC checks, so the damage reaches the parsers and decompressors behind them.
        var options = new RecordDecodeOptions
        {
            CheckCrcs = random.Next(4) == 0,
            SkipCorruptBatches = random.Next(2) == 0,
            IsolationLevel = random.Next(3) == 0 ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
            MaxDecompressedBatchBytes = 1024 * 1024,
        };
        IReadOnlyList<AbortedTransaction>? aborted = random.Next(3) == 0 ? [new AbortedTransaction(-1, baseOffset), new AbortedTransaction(0, baseOffset + 1)] : null;
        return (options, aborted);
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                case 4: bytes.RemoveAt(at); break;
                default: bytes[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x7F; break;
            }
        }

        return [.. bytes];
    }
}
