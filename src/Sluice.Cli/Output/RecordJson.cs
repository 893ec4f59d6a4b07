using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Sluice.Protocol.Records;

namespace Sluice.Cli.Output;

/// <summary>
/// A record as one line of JSON: <c>topic</c>, <c>partition</c>, <c>offset</c>, <c>timestamp</c> (ms since the epoch,
/// null when the broker keeps none), <c>key</c> and <c>value</c> (text when the bytes are valid UTF-8, else
/// <c>key_base64</c> / <c>value_base64</c> instead; null when absent) and <c>headers</c> (a list of objects with
/// <c>key</c> and <c>value</c> or <c>value_base64</c>).
/// </summary>
internal static class RecordJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record's JSON line, without the line break.</summary>
    public static string Format(ConsumedRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("topic", record.Topic);
            json.WriteNumber("partition", record.Partition);
            json.WriteNumber("offset", record.Offset);
            if (record.TimestampType == TimestampType.NotAvailable || record.Timestamp < 0)
                json.WriteNull("timestamp");
            else
                json.WriteNumber("timestamp", record.Timestamp);
            WriteBytes(json, "key", record.Key);
            WriteBytes(json, "value", record.Value);
            json.WriteStartArray("headers");
            foreach (var header in record.Headers)
            {
                json.WriteStartObject();
                json.WriteString("key", header.Key);
                WriteBytes(json, "value", header.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Text when the bytes are valid UTF-8, base64 under <c>&lt;name&gt;_base64</c> when not, null when absent.</summary>
    private static void WriteBytes(Utf8JsonWriter json, string name, byte[]? bytes)
    {
        if (bytes is null)
            json.WriteNull(name);
        else if (Utf8.IsValid(bytes))
            json.WriteString(name, Encoding.UTF8.GetString(bytes));
        else
            json.WriteBase64String(name + "_base64", bytes);
    }
}
