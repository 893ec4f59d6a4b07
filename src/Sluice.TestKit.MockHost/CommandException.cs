namespace Sluice.TestKit.MockHost;

/// <summary>A command was malformed or the mock refused it; the message becomes the <c>error</c> answer.</summary>
internal sealed class CommandException(string message) : Exception(message);
