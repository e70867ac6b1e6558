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
    /// <see cref="SipUri.IsTelephoneNumber"/>); returns false otherwise or when nothing is left.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is null.</exception>
    public static bool TryGetCanonical(SipUri uri, out string canonicalTn, bool lenient = true)
    {
        ArgumentNullException.ThrowIfNull(uri);
        canonicalTn = string.Empty;
        if (!uri.IsTelephoneNumber(lenient) || uri.User is null)
        {
            return false;
        }
        canonicalTn = Canonicalize(uri.User);
        return canonicalTn.Length > 0;
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
        foreach (var address in addresses)
        {
            if (address.Success && TryGetCanonical(address.Value.Uri, out var tn, lenient))
            {
                numbers.Add(tn);
            }
        }

        return numbers;
    }
}
