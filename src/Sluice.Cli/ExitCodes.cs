namespace Sluice.Cli;

/// <summary>The process exit codes of every command.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Something failed at run time (a broker, the group, a record lost by the demo).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;
}
