namespace Sluice.Protocol.Compression;

/// <summary>Compressed records could not be decompressed: the data is corrupt, truncated or not of the codec.</summary>
public class DecompressionException : SluiceException
{
    /// <summary>Creates the exception with a message that names the codec and what failed.</summary>
    public DecompressionException(string message, Exception? innerException = null) : base(message, innerException) { }
}
