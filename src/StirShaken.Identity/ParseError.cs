namespace StirShaken.Identity;

/// <summary>
/// A decode failure as a value: a machine-readable <see cref="Code"/>, the character
/// <see cref="Position"/> in the decoded input where the problem was found, and a short message.
/// </summary>
/// <param name="Code">What went wrong; <see cref="ParseErrorCode.None"/> for a successful result.</param>
/// <param name="Position">Zero-based character offset into the input of the decoder that failed (or -1 when not applicable).</param>
/// <param name="Message">A human readable description; never contains the whole input. Never null.</param>
public readonly record struct ParseError(ParseErrorCode Code, int Position, string Message)
{
    /// <summary>The error a successful result reports: <see cref="ParseErrorCode.None"/>, position -1, empty message.</summary>
    public static ParseError None { get; } = new(ParseErrorCode.None, -1, string.Empty);

    private readonly string? _message = Message;

    /// <summary>A human readable description; empty for <see cref="ParseErrorCode.None"/>.</summary>
    public string Message
    {
        get => _message ?? string.Empty;
        init => _message = value;
    }

    /// <inheritdoc />
    public override string ToString() => Position >= 0 ? $"{Code} at {Position}: {Message}" : $"{Code}: {Message}";
}
