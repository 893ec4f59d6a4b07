using Sluice.Cluster;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>
/// Plants a record batch whose CRC does not match its content. librdkafka's mock stores produced bytes as they
/// come, without checking, so a consumer later meets the corruption as it would after a disk or network fault.
/// </summary>
public static class CorruptProducer
{
    /// <summary>Appends one RecordBatch v2 of <paramref name="count"/> records with one content byte flipped after the CRC was computed.</summary>
    public static async Task ProduceCorruptBatchAsync(ClusterMetadata metadata, string topic, int partition, int count)
    {
        using var batch = new KafkaWriter();
        var records = Enumerable.Range(0, count).Select(i => new ProduceRecord(null, new byte[] { 1, 2, 3, (byte)i }, 0)).ToList();
        RecordBatchWriter.Write(batch, records);
        var bytes = batch.WrittenSpan.ToArray();
        bytes[^1] ^= 0xFF;

        var snapshot = await metadata.RefreshAsync([topic]);
        var connection = await metadata.ConnectionToAsync(snapshot.LeaderOf(topic, partition)!.Id);
        var response = await connection.SendAsync(new RawProduceRequest(topic, partition, bytes));
        var answer = response.Topics.Single().Partitions.Single();
        if (answer.Error != ErrorCode.None)
            throw new InvalidOperationException($"The broker refused the planted batch: {answer.Error}");
    }

    // Produce v3 with the record bytes exactly as given (Sluice's own ProduceRequest always writes valid batches).
    private sealed class RawProduceRequest(string topic, int partition, byte[] records) : IKafkaRequest<ProduceResponse>
    {
        private static readonly ProduceRequest ResponseReader = new([new ProduceTopicData("x", [new ProducePartitionData(0, [new ProduceRecord(null, [0], 0)])])]);

        public ApiKey ApiKey => ApiKey.Produce;

        public VersionRange Versions => new(3, 3);

        public short FirstFlexibleVersion => 9;

        public void WriteBody(KafkaWriter writer, short version)
        {
            writer.WriteNullableString(null, flexible: false);
            writer.WriteInt16(-1);
            writer.WriteInt32(10_000);
            writer.WriteArrayLength(1, flexible: false);
            writer.WriteString(topic, flexible: false);
            writer.WriteArrayLength(1, flexible: false);
            writer.WriteInt32(partition);
            writer.WriteNullableBytes(records, isNull: false, flexible: false);
        }

        public ProduceResponse ReadResponse(ref KafkaReader reader, short version) => ResponseReader.ReadResponse(ref reader, version);
    }
}
