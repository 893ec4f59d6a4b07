using System.Globalization;
using System.Text;

namespace Sluice.TestKit.MockHost;

/// <summary>
/// Runs librdkafka's mock cluster in its own process, because the mock aborts the whole process on some
/// group traffic (an assertion in rdkafka_mock_cgrp.c) and must not take a test host down with it.
/// </summary>
/// <remarks>
/// <para>Usage: <c>dotnet Sluice.TestKit.MockHost.dll --brokers &lt;n&gt; [--log-level &lt;0-7&gt;]</c>.</para>
/// <para>Control protocol, UTF-8 lines ending in <c>\n</c>:</para>
/// <list type="bullet">
/// <item>Start: the host writes exactly one line, <c>ready &lt;bootstrap-servers&gt;</c>, or
/// <c>error &lt;what is missing&gt;</c> and then exits with code 2.</item>
/// <item>Then each line on stdin is one command, words separated by spaces, and the host answers each with
/// exactly one line, <c>ok [payload]</c> or <c>error &lt;message&gt;</c>, before it reads the next.</item>
/// <item>Text arguments (topic, key type, key) are percent-encoded (RFC 3986, as
/// <see cref="Uri.EscapeDataString(string)"/> does) so they never contain a space; numbers are decimal.</item>
/// <item>End of stdin (the parent disposed the cluster or died) destroys the cluster and exits with code 0.</item>
/// <item>stdout carries nothing but answers: librdkafka and the runtime write diagnostics to stderr.</item>
/// </list>
/// <para>Commands (broker ids start at 1; -1 means every broker where librdkafka allows it):</para>
/// <list type="table">
/// <item><term><c>version</c></term><description><c>ok &lt;librdkafka version&gt;</c></description></item>
/// <item><term><c>create-topic &lt;topic&gt; &lt;partitions&gt; &lt;replication-factor&gt;</c></term><description>rd_kafka_mock_topic_create</description></item>
/// <item><term><c>broker-down &lt;broker-id&gt;</c></term><description>rd_kafka_mock_broker_set_down</description></item>
/// <item><term><c>broker-up &lt;broker-id&gt;</c></term><description>rd_kafka_mock_broker_set_up</description></item>
/// <item><term><c>broker-rtt &lt;broker-id&gt; &lt;milliseconds&gt;</c></term><description>rd_kafka_mock_broker_set_rtt</description></item>
/// <item><term><c>push-request-errors &lt;api-key&gt; &lt;error-code&gt;...</c></term><description>rd_kafka_mock_push_request_errors_array</description></item>
/// <item><term><c>clear-request-errors &lt;api-key&gt;</c></term><description>rd_kafka_mock_clear_request_errors</description></item>
/// <item><term><c>set-coordinator &lt;key-type&gt; &lt;key&gt; &lt;broker-id&gt;</c></term><description>rd_kafka_mock_coordinator_set; key type <c>group</c> or <c>transaction</c></description></item>
/// <item><term><c>set-partition-leader &lt;topic&gt; &lt;partition&gt; &lt;broker-id&gt;</c></term><description>rd_kafka_mock_partition_set_leader</description></item>
/// <item><term><c>delete-records &lt;topic&gt; &lt;partition&gt; &lt;before-offset&gt;</c></term><description>rd_kafka_mock_partition_delete_records</description></item>
/// <item><term><c>group-initial-rebalance-delay &lt;milliseconds&gt;</c></term><description>rd_kafka_mock_group_initial_rebalance_delay_ms</description></item>
/// <item><term><c>set-api-version &lt;api-key&gt; &lt;min&gt; &lt;max&gt;</c></term><description>rd_kafka_mock_set_apiversion</description></item>
/// </list>
/// </remarks>
internal static class Program
{
    private const int StartFailedExitCode = 2;
    private const int DefaultLogLevel = 3;

    private static int Main(string[] args)
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var output = new StreamWriter(Console.OpenStandardOutput(), encoding) { AutoFlush = true, NewLine = "\n" };

        NativeMockCluster cluster;
        try
        {
            var (brokerCount, logLevel) = ParseArguments(args);
            var library = LibrdkafkaLoader.Load(AppContext.BaseDirectory);
            Console.Error.WriteLine($"librdkafka {LibrdkafkaLoader.ExpectedVersion} loaded from {library}");
            cluster = NativeMockCluster.Create(brokerCount, logLevel);
        }
        catch (HostStartException e)
        {
            Console.Error.WriteLine(e.Message);
            output.WriteLine($"error {e.Message.ReplaceLineEndings(" ")}");
            return StartFailedExitCode;
        }

        using (cluster)
        {
            var interpreter = new CommandInterpreter(cluster);
            using var input = new StreamReader(Console.OpenStandardInput(), encoding);
            try
            {
                output.WriteLine($"ready {cluster.BootstrapServers}");
                while (input.ReadLine() is { } line)
                {
                    output.WriteLine(interpreter.Execute(line));
                }
            }
            catch (IOException e)
            {
                // The parent closed our stdout: nobody is listening, so shut down as on end of stdin.
                Console.Error.WriteLine($"control channel closed: {e.Message}");
            }
        }

        return 0;
    }

    private static (int BrokerCount, int LogLevel) ParseArguments(string[] args)
    {
        int? brokerCount = null;
        var logLevel = DefaultLogLevel;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new HostStartException($"option {args[i]} needs an integer value");
            switch (args[i])
            {
                case "--brokers" when value >= 1:
                    brokerCount = value;
                    break;
                case "--log-level" when value is >= 0 and <= 7:
                    logLevel = value;
                    break;
                default:
                    throw new HostStartException($"unknown option or value out of range: {args[i]} {value}");
            }
        }

        return brokerCount is { } count
            ? (count, logLevel)
            : throw new HostStartException("usage: Sluice.TestKit.MockHost --brokers <n> [--log-level <0-7>]");
    }
}
