namespace Sluice.TestKit.Mock;

/// <summary>The mock host refused a control command; the host stays usable.</summary>
public sealed class MockClusterCommandException : Exception
{
    /// <summary>Creates the exception for a command and the host's error answer.</summary>
    public MockClusterCommandException(string command, string hostMessage)
        : base($"mock cluster refused '{command}': {hostMessage}")
    {
        Command = command;
        HostMessage = hostMessage;
    }

    /// <summary>The control line that was refused.</summary>
    public string Command { get; }

    /// <summary>The host's message, usually a librdkafka error name and text.</summary>
    public string HostMessage { get; }
}
