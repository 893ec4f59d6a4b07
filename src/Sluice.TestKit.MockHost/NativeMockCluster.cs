using System.Runtime.InteropServices;

namespace Sluice.TestKit.MockHost;

/// <summary>
/// A librdkafka mock cluster and the producer handle that owns it. Every operation that the mock
/// refuses throws <see cref="CommandException"/> naming the librdkafka error.
/// </summary>
internal sealed unsafe class NativeMockCluster : IDisposable
{
    private const int ErrorTextSize = 512;

    private nint _handle;
    private nint _cluster;

    private NativeMockCluster(nint handle, nint cluster)
    {
        _handle = handle;
        _cluster = cluster;
        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(cluster)) ?? "";
    }

    /// <summary>The brokers' listeners, <c>127.0.0.1:port</c> comma-separated, in broker id order.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a cluster of <paramref name="brokerCount"/> brokers with ids 1..N.</summary>
    /// <exception cref="HostStartException">librdkafka refused the handle or the cluster.</exception>
    public static NativeMockCluster Create(int brokerCount, int logLevel)
    {
        var errorText = stackalloc byte[ErrorTextSize];
        var conf = LibrdkafkaNative.ConfNew();

        // librdkafka's default logger writes to stderr, which keeps stdout for the control protocol.
        if (LibrdkafkaNative.ConfSet(conf, "log_level", logLevel.ToString(System.Globalization.CultureInfo.InvariantCulture), errorText, ErrorTextSize) != LibrdkafkaNative.ConfOk)
        {
            LibrdkafkaNative.ConfDestroy(conf);
            throw new HostStartException($"librdkafka rejected log_level {logLevel}: {Marshal.PtrToStringUTF8((nint)errorText)}");
        }

        var handle = LibrdkafkaNative.New(LibrdkafkaNative.ProducerHandle, conf, errorText, ErrorTextSize);
        if (handle == 0)
        {
            LibrdkafkaNative.ConfDestroy(conf);
            throw new HostStartException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((nint)errorText)}");
        }

        var cluster = LibrdkafkaNative.MockClusterNew(handle, brokerCount);
        if (cluster == 0)
        {
            LibrdkafkaNative.Destroy(handle);
            throw new HostStartException($"rd_kafka_mock_cluster_new failed for {brokerCount} brokers");
        }

        return new NativeMockCluster(handle, cluster);
    }

    public void CreateTopic(string topic, int partitions, int replicationFactor) =>
        Check(LibrdkafkaNative.MockTopicCreate(_cluster, topic, partitions, replicationFactor));

    public void SetBrokerDown(int brokerId) => Check(LibrdkafkaNative.MockBrokerSetDown(_cluster, brokerId));

    public void SetBrokerUp(int brokerId) => Check(LibrdkafkaNative.MockBrokerSetUp(_cluster, brokerId));

    public void SetBrokerRtt(int brokerId, int rttMs) => Check(LibrdkafkaNative.MockBrokerSetRtt(_cluster, brokerId, rttMs));

    public void PushRequestErrors(short apiKey, int[] errorCodes)
    {
        fixed (int* errors = errorCodes)
        {
            LibrdkafkaNative.MockPushRequestErrorsArray(_cluster, apiKey, (nuint)errorCodes.Length, errors);
        }
    }

    public void ClearRequestErrors(short apiKey) => LibrdkafkaNative.MockClearRequestErrors(_cluster, apiKey);

    public void SetCoordinator(string keyType, string key, int brokerId) =>
        Check(LibrdkafkaNative.MockCoordinatorSet(_cluster, keyType, key, brokerId));

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.MockPartitionSetLeader(_cluster, topic, partition, brokerId));

    public void DeleteRecords(string topic, int partition, long beforeOffset) =>
        Check(LibrdkafkaNative.MockPartitionDeleteRecords(_cluster, topic, partition, beforeOffset));

    public void SetGroupInitialRebalanceDelay(int delayMs) =>
        LibrdkafkaNative.MockGroupInitialRebalanceDelayMs(_cluster, delayMs);

    public void SetApiVersion(short apiKey, short minVersion, short maxVersion) =>
        Check(LibrdkafkaNative.MockSetApiVersion(_cluster, apiKey, minVersion, maxVersion));

    public void Dispose()
    {
        if (_cluster != 0)
        {
            LibrdkafkaNative.MockClusterDestroy(_cluster);
            _cluster = 0;
        }

        if (_handle != 0)
        {
            LibrdkafkaNative.Destroy(_handle);
            _handle = 0;
        }
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            var name = Marshal.PtrToStringUTF8(LibrdkafkaNative.ErrorName(error));
            var text = Marshal.PtrToStringUTF8(LibrdkafkaNative.ErrorText(error));
            throw new CommandException($"{name} ({error}): {text}");
        }
    }
}
