using System.Globalization;

namespace StirShaken.Identity.Cli;

/// <summary>The options given to one command, by long name.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public bool Help { get; private set; }

    public bool Has(string name) => _values.ContainsKey(name);

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string? Single(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public string Required(string name) => Single(name) ?? throw new UsageException($"missing required option --{name}");

    public long? Int64(string name)
    {
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"--{name} expects an integer (Unix seconds), got '{text}'");
        }

        if (value < 0)
        {
            throw new UsageException($"--{name} must not be negative (Unix seconds since 1970-01-01), got {value}");
        }

        // 10^11 s is the year 5138: a value that large is almost certainly milliseconds (a JavaScript Date.now()).
        if (value >= 100_000_000_000)
        {
            throw new UsageException($"--{name} {value} looks like milliseconds: give Unix seconds (e.g. {value / 1000})");
        }

        return value;
    }

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="specs"/>: <c>--name value</c>, <c>--name=value</c>,
    /// flags, repeated options, <c>-h</c>/<c>--help</c>. Anything else is a usage error.
    /// </summary>
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var parsed = new ParsedArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                parsed.Help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' (options start with --; see --help)");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            var spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new UsageException($"unknown option '--{name}'{Suggestions.DidYouMean(name, specs.Select(s => s.Name), "--")} (see --help)");
            string value;
            if (spec.IsFlag)
            {
                if (equals >= 0)
                {
                    throw new UsageException($"--{name} takes no value");
                }

                value = "true";
            }
            else if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value ({spec.ValueName})");
            }

            if (!spec.IsFlag && value.Length == 0)
            {
                throw new UsageException($"--{name} needs a non-empty value ({spec.ValueName})");
            }

            if (parsed._values.TryGetValue(name, out var list))
            {
                if (!spec.Repeatable)
                {
                    throw new UsageException($"--{name} may be given only once");
                }

                list.Add(value);
            }
            else
            {
                parsed._values[name] = [value];
            }
        }

        return parsed;
    }
}
