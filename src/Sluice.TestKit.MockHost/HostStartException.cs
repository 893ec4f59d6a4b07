namespace Sluice.TestKit.MockHost;

/// <summary>The host cannot bring up a mock cluster; the message says what is missing.</summary>
internal sealed class HostStartException(string message) : Exception(message);
