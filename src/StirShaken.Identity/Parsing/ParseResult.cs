using System.Diagnostics.CodeAnalysis;

namespace StirShaken.Identity.Parsing;

/// <summary>
/// The outcome of a parse: either a value or a <see cref="ParseError"/>. A failure that nobody
/// inspects never allocates an exception; only <see cref="GetValueOrThrow"/> throws.
/// </summary>
/// <typeparam name="T">The parsed type.</typeparam>
public readonly struct ParseResult<T> where T : class
{
    private ParseResult(T? value, ParseError error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The parsed value, or <see langword="null"/> on failure.</summary>
    public T? Value { get; }

    /// <summary>The error; meaningful only when <see cref="Success"/> is <see langword="false"/>.</summary>
    public ParseError Error { get; }

    /// <summary>Whether parsing succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Success => Value is not null;

    /// <summary>Creates a successful result.</summary>
    public static ParseResult<T> Ok(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), default);

    /// <summary>Creates a failed result.</summary>
    public static ParseResult<T> Fail(ParseErrorCode code, int position, string message) => new(null, new ParseError(code, position, message));

    /// <summary>Creates a failed result from an existing error.</summary>
    public static ParseResult<T> Fail(ParseError error) => new(null, error);

    /// <summary>Returns the value or throws <see cref="SipParseException"/> carrying the error.</summary>
    public T GetValueOrThrow() => Value ?? throw new SipParseException(Error);
}
