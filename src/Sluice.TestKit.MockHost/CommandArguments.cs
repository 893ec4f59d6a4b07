using System.Globalization;

namespace Sluice.TestKit.MockHost;

/// <summary>
/// The words of one control line: word 0 is the command, words 1..N its arguments. Text arguments are
/// percent-encoded by the sender so that none contains a space.
/// </summary>
internal readonly struct CommandArguments(string[] words)
{
    public int Count => words.Length - 1;

    public void ExpectCount(int count)
    {
        if (Count != count)
        {
            throw new CommandException($"'{words[0]}' takes {count} arguments, got {Count}");
        }
    }

    public void ExpectAtLeast(int count)
    {
        if (Count < count)
        {
            throw new CommandException($"'{words[0]}' takes at least {count} arguments, got {Count}");
        }
    }

    public string Text(int index) => Uri.UnescapeDataString(words[index]);

    public short Int16(int index) => short.TryParse(words[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        ? value
        : throw Malformed(index, "a 16-bit integer");

    public int Int32(int index) => int.TryParse(words[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        ? value
        : throw Malformed(index, "a 32-bit integer");

    public long Int64(int index) => long.TryParse(words[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        ? value
        : throw Malformed(index, "a 64-bit integer");

    private CommandException Malformed(int index, string expected) =>
        new($"'{words[0]}' argument {index} is '{words[index]}', expected {expected}");
}
