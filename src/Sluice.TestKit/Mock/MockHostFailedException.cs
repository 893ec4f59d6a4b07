namespace Sluice.TestKit.Mock;

/// <summary>
/// The mock host process died, stopped answering or broke the control protocol. The cluster is gone;
/// every later command raises this again.
/// </summary>
public sealed class MockHostFailedException : Exception
{
    /// <summary>Creates the exception with what happened and the host's last stderr lines.</summary>
    public MockHostFailedException(string reason, string stderrTail)
        : base(stderrTail.Length == 0 ? reason : $"{reason}; host stderr:{Environment.NewLine}{stderrTail}")
    {
        Reason = reason;
        StderrTail = stderrTail;
    }

    /// <summary>What happened to the host.</summary>
    public string Reason { get; }

    /// <summary>The last lines the host wrote to stderr, or empty.</summary>
    public string StderrTail { get; }
}
