using System.Text;
using System.Text.Unicode;
using Sluice.Protocol.Records;

namespace Sluice.Cli.Output;

/// <summary>A record as one tab-separated line for people: <c>topic-partition@offset</c>, key, value. A missing key or
/// value reads <c>(null)</c>, bytes that are not UTF-8 read <c>base64:…</c>, and line breaks are escaped.</summary>
internal static class RecordText
{
    /// <summary>The record's line, without the line break.</summary>
    public static string Format(ConsumedRecord record) =>
        $"{record.Topic}-{record.Partition}@{record.Offset}\t{Show(record.Key)}\t{Show(record.Value)}";

    private static string Show(byte[]? bytes)
    {
        if (bytes is null)
            return "(null)";
        if (!Utf8.IsValid(bytes))
            return "base64:" + Convert.ToBase64String(bytes);
        return Encoding.UTF8.GetString(bytes).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
    }
}
