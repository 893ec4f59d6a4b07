namespace Sluice.Protocol;

/// <summary>
/// Bytes from a broker do not form a valid Kafka message: truncated, a negative or oversized length,
/// an over-long varint, or a value out of range. Nothing was consumed from the response.
/// </summary>
public sealed class KafkaProtocolException : SluiceException
{
    /// <summary>Creates the exception with a message that says what was malformed and where.</summary>
    public KafkaProtocolException(string message, Exception? innerException = null) : base(message, innerException) { }
}
