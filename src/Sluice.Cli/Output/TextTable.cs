using System.Text;

namespace Sluice.Cli.Output;

/// <summary>Rows of text laid out in left-aligned columns under a header, for people to read.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row; a null cell reads "-".</summary>
    public void Add(params string?[] cells) => _rows.Add(cells.Select(c => c ?? "-").ToArray());

    /// <summary>The table, each line indented by <paramref name="indent"/>.</summary>
    public string Render(string indent = "")
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows.Prepend(headers))
        {
            text.Append(indent);
            for (var i = 0; i < row.Length; i++)
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            text.AppendLine();
        }

        return text.ToString();
    }
}
