namespace StirShaken.Identity.Cli;

/// <summary>Where a command reads and writes: stdout (buffered, flushed by <see cref="CliApp"/>), stderr, stdin.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, Func<TextReader> input)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard input, opened on first use (only for <c>--message -</c>).</summary>
    public TextReader In => input();
}
