namespace Sluice.Cli;

/// <summary>Where a command reads and writes: the process's console, or writers a test supplies.</summary>
/// <param name="In">Standard input (records for <c>sluice produce</c>).</param>
/// <param name="Out">Standard output: records, tables, summaries.</param>
/// <param name="Err">Standard error: errors and status lines.</param>
/// <param name="OutIsTerminal">Whether <paramref name="Out"/> is a terminal, so live progress may redraw lines.</param>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Err, bool OutIsTerminal = false);
