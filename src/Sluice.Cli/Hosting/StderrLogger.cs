using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Sluice.Cli.Hosting;

/// <summary>
/// An Akka logger that writes to stderr, so standard output carries nothing but the command's own output. Each event
/// is one line (an exception by its message) unless <c>sluice.cli.verbose</c> is on, which prints everything Akka has.
/// </summary>
internal sealed class StderrLogger : UntypedActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>The configuration key that turns on full log events, stack traces included.</summary>
    public const string VerboseKey = "sluice.cli.verbose";

    private readonly bool _verbose = Context.System.Settings.Config.GetBoolean(VerboseKey, false);

    /// <inheritdoc/>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                break;
            case LogEvent e:
                Console.Error.WriteLine(_verbose ? e.ToString() : OneLine(e));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private static string OneLine(LogEvent e)
    {
        var cause = e.Cause is null ? "" : $" ({e.Cause.GetBaseException().Message})";
        var text = $"[{e.LogLevel().ToString().Replace("Level", "", StringComparison.Ordinal).ToUpperInvariant()}] {e.LogSource}: {e.Message}{cause}";
        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
