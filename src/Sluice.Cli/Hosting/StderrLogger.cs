using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Sluice.Cli.Hosting;

/// <summary>An Akka logger that writes to stderr, so standard output carries nothing but the command's own output.</summary>
internal sealed class StderrLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>Creates the logger.</summary>
    public StderrLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine(e.ToString()));
    }
}
