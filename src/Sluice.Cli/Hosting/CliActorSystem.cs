using Akka.Actor;
using Akka.Configuration;

namespace Sluice.Cli.Hosting;

/// <summary>Actor systems for the commands: logs go to stderr (errors only, unless verbose), and nothing is printed
/// on stdout; the process's shutdown is the command's business, not Akka's.</summary>
internal static class CliActorSystem
{
    /// <summary>Creates an actor system named <paramref name="name"/>.</summary>
    public static ActorSystem Create(string name, bool verbose) =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = {{(verbose ? "INFO" : "ERROR")}}
              stdout-loglevel = OFF
              loggers = ["{{typeof(StderrLogger).FullName}}, {{typeof(StderrLogger).Assembly.GetName().Name}}"]
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              coordinated-shutdown.run-by-clr-shutdown-hook = off
            }
            {{StderrLogger.VerboseKey}} = {{(verbose ? "on" : "off")}}
            """));
}
