namespace StirShaken.Identity.Cli;

/// <summary>One sub-command (<c>verify</c>, <c>sign</c>, <c>inspect</c>, <c>test-pki</c>).</summary>
internal interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The usage line(s) after <c>stir-identity</c>.</summary>
    string Usage { get; }

    /// <summary>Extra help text after the options (exit codes, notes), or empty.</summary>
    string Notes { get; }

    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Runs the command; returns the exit code. Throws <see cref="UsageException"/> for usage and I/O errors.</summary>
    Task<int> RunAsync(ParsedArguments arguments, CliContext context, CancellationToken cancellationToken);
}
