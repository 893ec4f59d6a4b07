namespace Sluice.TestKit;

/// <summary>
/// A test cluster could not be started; the message names what is missing (Java, Docker, a package, a port).
/// </summary>
public sealed class TestClusterUnavailableException : Exception
{
    /// <summary>Creates the exception for a backend with a reason.</summary>
    public TestClusterUnavailableException(TestBrokerBackend backend, string reason, Exception? inner = null)
        : base($"{backend} test cluster cannot start: {reason}", inner)
    {
        Backend = backend;
        Reason = reason;
    }

    /// <summary>The backend that failed to start.</summary>
    public TestBrokerBackend Backend { get; }

    /// <summary>What is missing or went wrong.</summary>
    public string Reason { get; }
}
