namespace StirShaken.Identity.Parsing;

/// <summary>
/// A parse failure as a value: a machine-readable <see cref="Code"/>, the character
/// <see cref="Position"/> in the parsed text where the problem was found, and a short message.
/// </summary>
/// <param name="Code">What went wrong.</param>
/// <param name="Position">Zero-based character offset into the parsed text (or -1 when not applicable).</param>
/// <param name="Message">A human readable description; never contains the whole input.</param>
public readonly record struct ParseError(ParseErrorCode Code, int Position, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Position >= 0 ? $"{Code} at {Position}: {Message}" : $"{Code}: {Message}";
}
