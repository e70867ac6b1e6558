using System.Diagnostics.CodeAnalysis;

namespace StirShaken.Identity;

/// <summary>
/// The outcome of a decoder: either a value or a <see cref="ParseError"/>. A failure that nobody
/// inspects never allocates an exception; only <see cref="GetValueOrThrow"/> throws.
/// </summary>
/// <remarks>
/// Every decoder of this library returns this shape (<c>static ParseResult&lt;T&gt; TryParse(string ...)</c>);
/// a throwing <c>Parse</c> façade, where one exists, calls <see cref="GetValueOrThrow"/>.
/// A successful result reports <see cref="ParseErrorCode.None"/>. Error positions are relative
/// to the input given to the decoder that produced the result.
/// </remarks>
/// <typeparam name="T">The decoded type; reference or value type.</typeparam>
public readonly struct ParseResult<T>
{
    private readonly T? _value;

    private ParseResult(T? value, bool success, ParseError error)
    {
        _value = value;
        IsSuccess = success;
        Error = error;
    }

    /// <summary>The decoded value, or <see langword="default"/> on failure.</summary>
    public T? Value => _value;

    /// <summary>The error; <see cref="ParseErrorCode.None"/> when <see cref="IsSuccess"/> is <see langword="true"/>.</summary>
    public ParseError Error { get; }

    /// <summary>Whether decoding succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess { get; }

    /// <summary>Gets the value when decoding succeeded (the usual <c>TryGetValue</c> pattern).</summary>
    /// <param name="value">The decoded value, or <see langword="default"/> on failure.</param>
    /// <returns>Whether decoding succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return IsSuccess;
    }

    /// <summary>Returns the value or throws <see cref="SipParseException"/> carrying the error.</summary>
    /// <exception cref="SipParseException">Decoding failed.</exception>
    public T GetValueOrThrow() => IsSuccess ? _value! : throw new SipParseException(Error);

    /// <summary>Creates a successful result.</summary>
    internal static ParseResult<T> Ok(T value) =>
        value is null ? throw new ArgumentNullException(nameof(value)) : new(value, true, ParseError.None);

    /// <summary>Creates a failed result.</summary>
    internal static ParseResult<T> Fail(ParseErrorCode code, int position, string message) => new(default, false, new ParseError(code, position, message));

    /// <summary>Creates a failed result from an existing error.</summary>
    internal static ParseResult<T> Fail(ParseError error) => new(default, false, error);

    /// <summary>The same failure for another result type, with its position moved by <paramref name="offset"/>.</summary>
    internal ParseResult<TOther> FailAs<TOther>(int offset = 0) =>
        ParseResult<TOther>.Fail(offset == 0 || Error.Position < 0 ? Error : Error with { Position = Error.Position + offset });
}
