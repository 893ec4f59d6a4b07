using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using System.Text;

namespace Sluice.Cli;

/// <summary>Entry point of the <c>sluice</c> command: wires the console and the signals to <see cref="SluiceCli"/>.</summary>
public static class Program
{
    /// <summary>Runs the command line. Ctrl-C, SIGINT and SIGTERM ask the command to finish cleanly; a second Ctrl-C
    /// ends the process at once.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        var interrupts = 0;

        void Interrupt(PosixSignalContext context)
        {
            // The first signal asks for a clean stop; a second one is left to the runtime, which ends the process.
            if (Interlocked.Increment(ref interrupts) == 1)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var stdout = new StreamWriter(StandardOutput(), utf8, 1 << 16) { AutoFlush = false };
        using var stdin = new StreamReader(Console.OpenStandardInput(), utf8);
        try
        {
            var console = new CliConsole(stdin, stdout, Console.Error, OutIsTerminal: !Console.IsOutputRedirected);
            return await SluiceCli.RunAsync(args, console, stop.Token);
        }
        finally
        {
            try
            {
                await stdout.DisposeAsync();
            }
            catch (IOException)
            {
                // Whoever read the output has gone (a closed pipe); there is no one left to tell.
            }
        }
    }

    // The console stream ignores a closed pipe (EPIPE) and drops what is written; consume would then commit records
    // nobody read. On Unix a pipe or terminal is written through its descriptor instead, so a reader that went away
    // (| head) is an IOException. A regular file keeps the console stream, which writes at the file's own offset.
    private static Stream StandardOutput()
    {
        if (OperatingSystem.IsWindows())
            return Console.OpenStandardOutput();
        var direct = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        if (!direct.CanSeek)
            return direct;
        direct.Dispose();
        return Console.OpenStandardOutput();
    }
}
