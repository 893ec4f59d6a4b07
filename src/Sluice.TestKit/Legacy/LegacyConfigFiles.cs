using System.Globalization;
using System.Text;

namespace Sluice.TestKit.Legacy;

/// <summary>Writes the log4j, ZooKeeper and broker property files of one run.</summary>
internal static class LegacyConfigFiles
{
    public static string Log4jPath(string runDirectory) => Path.Combine(runDirectory, "log4j.properties");

    /// <summary>One file appender for everything: the stock config floods the console and writes outside the run directory.</summary>
    public static void WriteLog4j(string runDirectory) =>
        Write(Log4jPath(runDirectory), new[]
        {
            ("log4j.rootLogger", "INFO, file"),
            ("log4j.appender.file", "org.apache.log4j.FileAppender"),
            ("log4j.appender.file.File", "${sluice.log.file}"),
            ("log4j.appender.file.layout", "org.apache.log4j.PatternLayout"),
            ("log4j.appender.file.layout.ConversionPattern", "[%d] %p %m (%c)%n"),
            ("log4j.logger.kafka.request.logger", "WARN"),
            ("log4j.logger.org.apache.zookeeper", "WARN"),
            ("log4j.logger.org.I0Itec.zkclient", "WARN"),
        });

    public static string WriteZooKeeper(string runDirectory, int port)
    {
        var path = Path.Combine(runDirectory, "zookeeper.properties");
        Write(path, new[]
        {
            ("dataDir", Path.Combine(runDirectory, "zookeeper")),
            ("clientPort", Format(port)),
            ("clientPortAddress", "127.0.0.1"),
            ("tickTime", "500"),
            ("maxClientCnxns", "0"),
        });
        return path;
    }

    public static string WriteBroker(string runDirectory, int brokerId, int port, int zooKeeperPort, LegacyKafkaOptions options)
    {
        var listener = $"PLAINTEXT://127.0.0.1:{Format(port)}";
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["broker.id"] = Format(brokerId),
            ["listeners"] = listener,
            ["advertised.listeners"] = listener,
            ["log.dirs"] = Path.Combine(runDirectory, $"kafka-{Format(brokerId)}"),
            ["zookeeper.connect"] = $"127.0.0.1:{Format(zooKeeperPort)}",

            // ZooKeeper and the brokers start together; the broker waits for ZooKeeper instead of giving up after 6 s.
            ["zookeeper.connection.timeout.ms"] = "30000",
            ["group.min.session.timeout.ms"] = Format((long)options.GroupMinSessionTimeout.TotalMilliseconds),
            ["group.max.session.timeout.ms"] = Format((long)options.GroupMaxSessionTimeout.TotalMilliseconds),
            ["offsets.topic.replication.factor"] = Format(Math.Min(options.BrokerCount, 3)),
            ["offsets.topic.num.partitions"] = Format(options.OffsetsTopicPartitions),
            ["auto.create.topics.enable"] = "true",
            ["delete.topic.enable"] = "true",
            ["num.partitions"] = "1",
            ["default.replication.factor"] = "1",

            // Nothing survives the run, so a graceful partition hand-over on stop is wasted time.
            ["controlled.shutdown.enable"] = "false",

            // The 0.9 default of 128 MB would take half of a small test heap.
            ["log.cleaner.dedupe.buffer.size"] = Format(8L * 1024 * 1024),
            ["num.network.threads"] = "2",
            ["num.io.threads"] = "4",
            ["num.recovery.threads.per.data.dir"] = "1",
        };
        foreach (var (key, value) in options.BrokerProperties)
        {
            properties[key] = value;
        }

        var path = Path.Combine(runDirectory, $"broker-{Format(brokerId)}.properties");
        Write(path, properties.Select(p => (p.Key, p.Value)));
        return path;
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Write(string path, IEnumerable<(string Key, string Value)> properties)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in properties)
        {
            // Java properties treat a backslash as an escape; forward slashes keep paths intact on every OS.
            text.Append(key).Append('=').Append(value.Replace('\\', '/')).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
