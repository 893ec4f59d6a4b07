namespace Sluice.Cli.Arguments;

/// <summary>
/// Reads <c>--name value</c>, <c>--name=value</c> and <c>--flag</c> options and positional words against a command's
/// option list. Anything it cannot make sense of is a <see cref="UsageException"/> naming the option.
/// </summary>
internal static class OptionParser
{
    /// <summary>Parses <paramref name="args"/>; <paramref name="command"/> names the command in error messages.</summary>
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> options, string command)
    {
        var byName = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        var onlyPositionals = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositionals || !arg.StartsWith('-') || arg == "-")
            {
                positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }

            string name;
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = arg.IndexOf('=');
                name = equals < 0 ? arg[2..] : arg[2..equals];
                inlineValue = equals < 0 ? null : arg[(equals + 1)..];
            }
            else
            {
                name = arg switch
                {
                    "-h" => "help",
                    "-v" => "verbose",
                    _ => throw new UsageException($"unknown option {arg} for '{command}'"),
                };
            }

            if (!byName.TryGetValue(name, out var spec))
                throw new UsageException($"unknown option --{name} for '{command}'");

            string value;
            if (!spec.TakesValue)
            {
                if (inlineValue is not null)
                    throw new UsageException($"--{name} takes no value; got '{inlineValue}'");
                value = "";
            }
            else if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !LooksLikeOption(args[i + 1]))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value ({spec.ValueName})");
            }

            if (values.TryGetValue(name, out var list))
            {
                if (!spec.Repeatable && spec.TakesValue)
                    throw new UsageException($"--{name} was given more than once");
                list.Add(value);
            }
            else
            {
                values[name] = [value];
            }
        }

        return new ParsedArguments(values, positionals);
    }

    // A negative number is a value, not an option.
    private static bool LooksLikeOption(string arg) =>
        arg.StartsWith('-') && arg.Length > 1 && !char.IsAsciiDigit(arg[1]);
}
