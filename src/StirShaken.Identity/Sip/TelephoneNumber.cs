namespace StirShaken.Identity.Sip;

/// <summary>Telephone-number canonicalization for STIR (RFC 8224 §8.3).</summary>
public static class TelephoneNumber
{
    /// <summary>
    /// RFC 8224 §8.3 step 1: drops every character except ASCII digits, <c>#</c> and <c>*</c>
    /// (so <c>+1-(215)-555-1212</c> becomes <c>12155551212</c>). Step 2 (local to E.164) is left
    /// to <c>VerifierOptions</c>' normalizer hook.
    /// </summary>
    public static string Canonicalize(ReadOnlySpan<char> number)
    {
        Span<char> buffer = number.Length <= 256 ? stackalloc char[number.Length] : new char[number.Length];
        int n = 0;
        foreach (var c in number)
        {
            if (char.IsAsciiDigit(c) || c == '#' || c == '*')
            {
                buffer[n++] = c;
            }
        }
        return n == 0 ? string.Empty : new string(buffer[..n]);
    }

    /// <summary>
    /// Extracts the canonical TN from a URI when it identifies a telephone number (see
    /// <see cref="SipUri.IsTelephoneNumber"/>). Fails with <see cref="ParseErrorCode.NotATelephoneNumber"/>
    /// (position -1) when the URI is not a telephone number, has a '+' after its first character (RFC 3966 §3), or no
    /// digit is left after canonicalization.
    /// </summary>
    /// <param name="uri">A parsed SIP or tel URI.</param>
    /// <param name="lenient">Accept a numeric SIP user part without <c>user=phone</c> (see <see cref="SipUri.IsTelephoneNumber"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is null.</exception>
    public static ParseResult<string> TryGetCanonical(SipUri uri, bool lenient = true)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsTelephoneNumber(lenient) || uri.User is null)
        {
            return ParseResult<string>.Fail(ParseErrorCode.NotATelephoneNumber, -1, "the URI does not identify a telephone number (RFC 8224 §8.1)");
        }
        // RFC 3966 §3: '+' only introduces a global number, so "++4" or "33+1" is no number (not the number 4).
        if (uri.User.IndexOf('+', 1) >= 0)
        {
            return ParseResult<string>.Fail(ParseErrorCode.NotATelephoneNumber, -1, "a '+' that does not start the number (RFC 3966 §3)");
        }
        var canonicalTn = Canonicalize(uri.User);
        return canonicalTn.Length > 0
            ? ParseResult<string>.Ok(canonicalTn)
            : ParseResult<string>.Fail(ParseErrorCode.NotATelephoneNumber, -1, "no digit, '#' or '*' left after canonicalization (RFC 8224 §8.3)");
    }

    /// <summary>
    /// The canonical TNs of every address in an address header (e.g. each P-Asserted-Identity value),
    /// in order; addresses that do not parse or are not telephone numbers are left out.
    /// </summary>
    public static IReadOnlyList<string> FromHeader(SipMessage message, string headerName, bool lenient = true)
    {
        ArgumentNullException.ThrowIfNull(message);
        var addresses = message.GetAddresses(headerName);
        var numbers = new List<string>(addresses.Count);
        for (var i = 0; i < addresses.Count; i++) // by index: no boxed enumerator per call
        {
            var address = addresses[i];
            if (address.IsSuccess && TryGetCanonical(address.Value.Uri, lenient) is { IsSuccess: true } tn)
            {
                numbers.Add(tn.Value);
            }
        }

        return numbers;
    }
}
