namespace StirShaken.Identity;

/// <summary>Thrown only by the <c>Parse</c> façades; the <c>TryParse</c> forms return a <see cref="ParseResult{T}"/>.</summary>
public sealed class SipParseException : FormatException
{
    /// <summary>Creates the exception from a parse error.</summary>
    public SipParseException(ParseError error) : base(error.ToString()) => Error = error;

    /// <summary>The error that caused the exception.</summary>
    public ParseError Error { get; }
}
