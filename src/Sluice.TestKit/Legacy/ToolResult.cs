namespace Sluice.TestKit.Legacy;

/// <summary>What a short-lived command printed and how it ended.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public string Output => string.Join('\n', new[] { StandardOutput.Trim(), StandardError.Trim() }.Where(s => s.Length > 0));
}
