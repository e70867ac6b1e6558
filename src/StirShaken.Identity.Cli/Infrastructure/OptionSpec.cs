namespace StirShaken.Identity.Cli;

/// <summary>One command-line option: <c>--name VALUE</c> (or <c>--name=VALUE</c>), or a flag.</summary>
/// <param name="Name">The long name without dashes, e.g. <c>trust-anchor</c>.</param>
/// <param name="ValueName">The value placeholder for help (e.g. <c>PEM</c>), or null for a flag.</param>
/// <param name="Help">One line of help.</param>
/// <param name="Repeatable">Whether the option may be given several times.</param>
internal sealed record OptionSpec(string Name, string? ValueName, string Help, bool Repeatable = false)
{
    public bool IsFlag => ValueName is null;
}
