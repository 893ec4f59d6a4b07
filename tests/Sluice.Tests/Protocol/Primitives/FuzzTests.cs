using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>
/// Random and mutated buffers fed to sequences of reads: the only exception that may escape is
/// <see cref="KafkaProtocolException"/>, every successful read makes progress, and reads never run past the end.
/// </summary>
public sealed class FuzzTests
{
    private static readonly (string Name, ReadStep Read)[] Reads =
    [
        ("int8", (ref KafkaReader r) => r.ReadInt8()),
        ("bool", (ref KafkaReader r) => r.ReadBoolean()),
        ("int16", (ref KafkaReader r) => r.ReadInt16()),
        ("uint16", (ref KafkaReader r) => r.ReadUInt16()),
        ("int32", (ref KafkaReader r) => r.ReadInt32()),
        ("uint32", (ref KafkaReader r) => r.ReadUInt32()),
        ("int64", (ref KafkaReader r) => r.ReadInt64()),
        ("float64", (ref KafkaReader r) => r.ReadFloat64()),
        ("uuid", (ref KafkaReader r) => r.ReadUuid()),
        ("uvarint", (ref KafkaReader r) => r.ReadUnsignedVarInt()),
        ("uvarlong", (ref KafkaReader r) => r.ReadUnsignedVarLong()),
        ("varint", (ref KafkaReader r) => r.ReadVarInt()),
        ("varlong", (ref KafkaReader r) => r.ReadVarLong()),
        ("string", (ref KafkaReader r) => r.ReadString()),
        ("nullable-string", (ref KafkaReader r) => r.ReadNullableString()),
        ("compact-string", (ref KafkaReader r) => r.ReadCompactString()),
        ("compact-nullable-string", (ref KafkaReader r) => r.ReadCompactNullableString()),
        ("bytes", (ref KafkaReader r) => r.ReadNullableBytes(out _)),
        ("compact-bytes", (ref KafkaReader r) => r.ReadCompactNullableBytes(out _)),
        ("bytes-copy", (ref KafkaReader r) => r.ReadBytes(flexible: false)),
        ("compact-bytes-copy", (ref KafkaReader r) => r.ReadBytes(flexible: true)),
        ("array-length", (ref KafkaReader r) => r.ReadArrayLength(flexible: false)),
        ("compact-array-length", (ref KafkaReader r) => r.ReadArrayLength(flexible: true)),
        ("non-null-array-length", (ref KafkaReader r) => r.ReadNonNullArrayLength(flexible: false)),
        ("compact-non-null-array-length", (ref KafkaReader r) => r.ReadNonNullArrayLength(flexible: true)),
        ("int32-array", (ref KafkaReader r) => r.ReadInt32Array(flexible: false)),
        ("compact-int32-array", (ref KafkaReader r) => r.ReadInt32Array(flexible: true)),
        ("tagged-fields", (ref KafkaReader r) => r.SkipTaggedFields()),
        ("raw-3", (ref KafkaReader r) => r.ReadRaw(3)),
        ("skip-2", (ref KafkaReader r) => r.Skip(2)),
    ];

    [Fact]
    public void Random_buffers_read_as_any_sequence_of_primitives_raise_only_protocol_exceptions()
    {
        var rng = new Random(1337);
        var outcomes = new int[2];
        for (var buffer = 0; buffer < 10_000; buffer++)
        {
            // Short buffers hit the truncation paths; a bias towards 0x80..0xFF makes long varints common.
            var bytes = new byte[rng.Next(0, 48)];
            rng.NextBytes(bytes);
            if (rng.Next(0, 3) == 0)
                for (var i = 0; i < bytes.Length; i++)
                    bytes[i] |= 0x80;

            var steps = Enumerable.Range(0, 64).Select(_ => Reads[rng.Next(Reads.Length)]).ToArray();
            outcomes[ReadUntilFailure(bytes, steps, $"buffer {buffer}") ? 1 : 0]++;
        }

        // Both outcomes must actually occur, or the fuzz is not exploring anything.
        Assert.True(outcomes[0] > 100 && outcomes[1] > 100, $"clean runs: {outcomes[0]}, protocol errors: {outcomes[1]}");
    }

    [Fact]
    public void Every_read_over_every_one_byte_buffer_and_edge_byte_short_buffers_raises_only_protocol_exceptions()
    {
        // All 0- and 1-byte buffers, then every 2- and 3-byte buffer built from the bytes that matter to lengths,
        // nulls and varints; each read kind is tried as the first read and then repeated.
        byte[] edges = [0x00, 0x01, 0x02, 0x7F, 0x80, 0xFE, 0xFF];
        var buffers = new List<byte[]> { Array.Empty<byte>() };
        buffers.AddRange(Enumerable.Range(0, 256).Select(b => new[] { (byte)b }));
        buffers.AddRange(from a in Enumerable.Range(0, 256) from b in edges select new[] { (byte)a, b });
        buffers.AddRange(from a in edges from b in edges from c in edges select new[] { a, b, c });

        foreach (var bytes in buffers)
            foreach (var step in Reads)
                ReadUntilFailure(bytes, [step, step, step], $"{step.Name} over {Convert.ToHexString(bytes)}");
    }

    [Fact]
    public void Mutated_valid_encodings_raise_only_protocol_exceptions()
    {
        var rng = new Random(4242);
        var failures = 0;
        for (var sequence = 0; sequence < 500; sequence++)
        {
            var ops = Enumerable.Range(0, rng.Next(1, 20)).Select(_ => RandomPrimitives.Op(rng)).ToArray();
            var valid = PrimitiveTestKit.Encode(w =>
            {
                foreach (var op in ops)
                    op.Write(w);
            });

            for (var mutation = 0; mutation < 10; mutation++)
            {
                var bytes = Mutate(rng, valid);
                var reader = new KafkaReader(bytes);
                var i = 0;
                try
                {
                    for (; i < ops.Length; i++)
                    {
                        var before = reader.Position;
                        ops[i].Read(ref reader);
                        Assert.True(reader.Position > before || ops[i].Name == "raw", $"{ops[i].Name} succeeded without advancing");
                        Assert.InRange(reader.Position, 0, bytes.Length);
                    }
                }
                catch (KafkaProtocolException)
                {
                    failures++;
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    Assert.Fail($"sequence {sequence} mutation {mutation}: {ops[i].Name} over {Convert.ToHexString(bytes)} " +
                                $"threw {e.GetType().Name}: {e.Message}");
                }
            }
        }

        Assert.True(failures > 1_000, $"only {failures} of 5000 mutations were detected as malformed");
    }

    /// <summary>Runs steps until one fails; returns whether a protocol exception stopped it.</summary>
    private static bool ReadUntilFailure(byte[] bytes, (string Name, ReadStep Read)[] steps, string context)
    {
        var reader = new KafkaReader(bytes);
        foreach (var (name, read) in steps)
        {
            var before = reader.Position;
            try
            {
                read(ref reader);
            }
            catch (KafkaProtocolException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                return true;
            }
            catch (Exception e)
            {
                Assert.Fail($"{context}: {name} at offset {before} threw {e.GetType().Name}: {e.Message}");
            }

            Assert.True(reader.Position > before, $"{context}: {name} succeeded without advancing");
            Assert.InRange(reader.Position, 0, bytes.Length);
            Assert.Equal(bytes.Length - reader.Position, reader.Remaining);
            if (reader.Remaining == 0)
                return false;
        }

        return false;
    }

    private static byte[] Mutate(Random rng, byte[] valid)
    {
        switch (rng.Next(0, 4))
        {
            case 0: // truncate
                return valid[..rng.Next(0, valid.Length + 1)];
            case 1: // overwrite one byte
            {
                var copy = (byte[])valid.Clone();
                if (copy.Length > 0)
                    copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
                return copy;
            }
            case 2: // overwrite a run with 0xFF (huge lengths, -1 nulls, endless varints)
            {
                var copy = (byte[])valid.Clone();
                if (copy.Length > 0)
                {
                    var at = rng.Next(copy.Length);
                    copy.AsSpan(at, Math.Min(copy.Length - at, rng.Next(1, 12))).Fill(0xFF);
                }

                return copy;
            }
            default: // insert a random byte
            {
                var at = rng.Next(0, valid.Length + 1);
                return [.. valid[..at], (byte)rng.Next(256), .. valid[at..]];
            }
        }
    }
}
