namespace Sluice.Cli;

/// <summary>Entry point of the <c>sluice</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command named by the first argument.</summary>
    public static int Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "demo";
        switch (command)
        {
            case "demo":
                Console.WriteLine("sluice demo: not yet. The embedded consumer-group demo lands with issue #6.");
                return 0;
            default:
                Console.Error.WriteLine($"sluice: unknown command '{command}'. Commands: demo");
                return 2;
        }
    }
}
