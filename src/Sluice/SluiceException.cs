namespace Sluice;

/// <summary>The base of every exception Sluice raises on purpose.</summary>
public class SluiceException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public SluiceException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public SluiceException(string message, Exception? innerException) : base(message, innerException) { }
}
