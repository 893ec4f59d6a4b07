using System.Runtime.InteropServices;

namespace Sluice.TestKit.MockHost;

/// <summary>
/// Turns one control line into one call on the cluster and one answer line. The grammar is in
/// <see cref="Program"/>'s documentation.
/// </summary>
internal sealed class CommandInterpreter(NativeMockCluster cluster)
{
    /// <summary>Runs <paramref name="line"/> and returns the answer, <c>ok [payload]</c> or <c>error &lt;message&gt;</c>.</summary>
    public string Execute(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return "error empty command";
        }

        try
        {
            var payload = Dispatch(words[0], new CommandArguments(words));
            return payload is null ? "ok" : $"ok {payload}";
        }
        catch (CommandException e)
        {
            return $"error {OneLine(e.Message)}";
        }
    }

    private string? Dispatch(string command, CommandArguments args)
    {
        switch (command)
        {
            case "version":
                args.ExpectCount(0);
                return Marshal.PtrToStringUTF8(LibrdkafkaNative.VersionString());
            case "create-topic":
                args.ExpectCount(3);
                cluster.CreateTopic(args.Text(1), args.Int32(2), args.Int32(3));
                return null;
            case "broker-down":
                args.ExpectCount(1);
                cluster.SetBrokerDown(args.Int32(1));
                return null;
            case "broker-up":
                args.ExpectCount(1);
                cluster.SetBrokerUp(args.Int32(1));
                return null;
            case "broker-rtt":
                args.ExpectCount(2);
                cluster.SetBrokerRtt(args.Int32(1), args.Int32(2));
                return null;
            case "push-request-errors":
                args.ExpectAtLeast(2);
                cluster.PushRequestErrors(args.Int16(1), [.. Enumerable.Range(2, args.Count - 1).Select(args.Int32)]);
                return null;
            case "clear-request-errors":
                args.ExpectCount(1);
                cluster.ClearRequestErrors(args.Int16(1));
                return null;
            case "set-coordinator":
                args.ExpectCount(3);
                cluster.SetCoordinator(args.Text(1), args.Text(2), args.Int32(3));
                return null;
            case "set-partition-leader":
                args.ExpectCount(3);
                cluster.SetPartitionLeader(args.Text(1), args.Int32(2), args.Int32(3));
                return null;
            case "delete-records":
                args.ExpectCount(3);
                cluster.DeleteRecords(args.Text(1), args.Int32(2), args.Int64(3));
                return null;
            case "group-initial-rebalance-delay":
                args.ExpectCount(1);
                cluster.SetGroupInitialRebalanceDelay(args.Int32(1));
                return null;
            case "set-api-version":
                args.ExpectCount(3);
                cluster.SetApiVersion(args.Int16(1), args.Int16(2), args.Int16(3));
                return null;
            default:
                throw new CommandException($"unknown command '{command}'");
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
