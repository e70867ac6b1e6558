namespace StirShaken.Identity.Sip;

/// <summary>
/// What a SIP request says about the call, for STIR: the originating and destination telephone
/// numbers in canonical form (RFC 8224 §8.3) and the Date header. The one place where the verifier,
/// the signer and the CLI read orig, dest and Date from SIP. Immutable once built.
/// </summary>
/// <remarks>
/// orig: each P-Asserted-Identity value when the header is present (a PAI may carry a tel and a sip
/// identity), otherwise From (ATIS-1000074 §5.3.1; RFC 8224 §5.1). dest: To, and optionally the
/// Request-URI (RFC 8224 §5.1; ATIS-1000074 §5.3.1). Addresses that are not telephone numbers are left out.
/// </remarks>
public sealed class CallIdentities
{
    private CallIdentities(string origSource, IReadOnlyList<string> origTns, IReadOnlyList<string> destTns, string? dateHeader)
    {
        OrigSource = origSource;
        OrigTns = origTns;
        DestTns = destTns;
        DateHeader = dateHeader;
        if (dateHeader is not null)
        {
            // RFC 3261 §20.17: an RFC 1123 date, always GMT. The only SipDate call of the verifier and signer.
            var date = SipDate.TryParse(dateHeader);
            HasValidDate = date.IsSuccess;
            Date = date.IsSuccess ? date.Value : null;
        }
    }

    /// <summary>The header the orig candidates come from: <c>P-Asserted-Identity</c> when present, else <c>From</c>.</summary>
    public string OrigSource { get; }

    /// <summary>Canonical orig candidates (digits, <c>#</c>, <c>*</c>), in header order; empty when none is a telephone number.</summary>
    public IReadOnlyList<string> OrigTns { get; }

    /// <summary>Canonical dest candidates: To, then the Request-URI when requested; empty when none is a telephone number.</summary>
    public IReadOnlyList<string> DestTns { get; }

    /// <summary>The first orig candidate (what a signer puts in <c>orig.tn</c>), or null.</summary>
    public string? FirstOrigTn => OrigTns.Count > 0 ? OrigTns[0] : null;

    /// <summary>The first dest candidate (what a signer puts in <c>dest.tn</c>), or null.</summary>
    public string? FirstDestTn => DestTns.Count > 0 ? DestTns[0] : null;

    /// <summary>The Date header value as received, or null when the request has none.</summary>
    public string? DateHeader { get; }

    /// <summary>The Date header's time, or null when absent or not an RFC 1123 GMT date (RFC 3261 §20.17).</summary>
    public DateTimeOffset? Date { get; }

    /// <summary>Whether a Date header is present and parses (false when absent).</summary>
    public bool HasValidDate { get; }

    /// <summary>Reads the call identities of <paramref name="message"/>.</summary>
    /// <param name="message">A SIP request (a response has no Request-URI; its dest then comes from To only).</param>
    /// <param name="includeRequestUri">Also take dest from the Request-URI (networks that retarget without a <c>div</c> PASSporT).</param>
    /// <param name="lenientTelephoneNumbers">Accept SIP URIs without <c>user=phone</c> whose user part looks like a number (RFC 8224 §8.1 local policy).</param>
    /// <param name="normalizeNumber">RFC 8224 §8.3 step 2 hook applied to every number (e.g. local to E.164); null = none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static CallIdentities FromMessage(SipMessage message, bool includeRequestUri = false, bool lenientTelephoneNumbers = true, Func<string, string>? normalizeNumber = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var origSource = message.GetHeader(SipHeaderNames.PAssertedIdentity) is not null ? SipHeaderNames.PAssertedIdentity : SipHeaderNames.From;
        var orig = Normalize(TelephoneNumber.FromHeader(message, origSource, lenientTelephoneNumbers), normalizeNumber);
        var dest = Normalize(TelephoneNumber.FromHeader(message, SipHeaderNames.To, lenientTelephoneNumbers), normalizeNumber);
        if (includeRequestUri && message.RequestUri is { } requestUri)
        {
            var parsed = SipUri.TryParse(requestUri);
            if (parsed.IsSuccess && TelephoneNumber.TryGetCanonical(parsed.Value, lenientTelephoneNumbers).TryGetValue(out var tn))
            {
                dest.Add(normalizeNumber is null ? tn : normalizeNumber(tn));
            }
        }

        return new CallIdentities(origSource, orig, dest, message.GetHeader(SipHeaderNames.Date));
    }

    /// <summary>A copy whose dest candidates are <paramref name="destTns"/> (e.g. the Request-URI alone, RFC 8946 §4.2).</summary>
    internal CallIdentities WithDestTns(IReadOnlyList<string> destTns) => new(OrigSource, OrigTns, destTns, DateHeader);

    private static List<string> Normalize(IReadOnlyList<string> numbers, Func<string, string>? normalize)
    {
        var list = new List<string>(numbers.Count + 1);
        for (var i = 0; i < numbers.Count; i++) // by index: no boxed enumerator per call
        {
            list.Add(normalize is null ? numbers[i] : normalize(numbers[i]));
        }

        return list;
    }
}
