namespace Sluice.Cli.Output;

/// <summary>How <c>sluice consume</c> prints records.</summary>
internal enum RecordFormat
{
    /// <summary>One JSON object per line (see <see cref="RecordJson"/>).</summary>
    JsonLines,

    /// <summary>One tab-separated line per record for people: <c>topic-partition@offset</c>, key, value.</summary>
    Text,
}
