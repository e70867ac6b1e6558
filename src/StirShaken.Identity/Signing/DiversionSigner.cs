using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Signing;

/// <summary>
/// The authentication service of a retargeting entity (RFC 8946 §4.1): from a signed request and its new target,
/// signs the <c>div</c> PASSporT(s) RFC 8946 requires with the retargeting entity's key (whose credential must cover
/// the number diverted from, §3), and adds them to the request (forwarding) or to a 301/302 (redirecting, §7).
/// Thread-safe when the <see cref="PassportSigner"/> is.
/// </summary>
/// <remarks>
/// Rules (RFC 8946 §3, §4.1): no <c>div</c> for a request without an Identity header, and the original Identity is
/// never removed; one <c>div</c> per distinct (<c>orig</c>, <c>dest</c>) among the PASSporTs whose <c>dest</c> holds
/// the current target (on a first retarget the non-<c>div</c> ones; on a second, the <c>div</c>s whose <c>dest</c>
/// is the current target, not earlier ones); none when the canonical target does not change; <c>orig</c> copied,
/// <c>dest</c> the new target, <c>div</c> the previous target, <c>iat</c> kept (unless the caller gives a new one),
/// no other claim copied, full form, Identity parameter <c>ppt="div"</c> (quoted, as RFC 8946 §4.1 writes it).
/// </remarks>
public sealed class DiversionSigner
{
    private readonly PassportSigner _signer;

    /// <summary>Creates a diversion signer over a key whose certificate covers the numbers this entity retargets.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is null.</exception>
    public DiversionSigner(PassportSigner signer) => _signer = signer ?? throw new ArgumentNullException(nameof(signer));

    /// <summary>
    /// Signs the <c>div</c> PASSporTs for retargeting <paramref name="request"/> to <paramref name="newTarget"/>;
    /// empty when the canonical target does not change (RFC 8946 §3: a <c>div</c> MUST NOT be produced then).
    /// </summary>
    /// <param name="request">The signed request as received by the retargeting entity.</param>
    /// <param name="newTarget">The new target's telephone number, any format (canonicalized per RFC 8224 §8.3).</param>
    /// <param name="currentTarget">The number being diverted from; default the Request-URI's number, else To's.</param>
    /// <param name="historyInfoIndex">The History-Info index to put in <c>div.hi</c> (RFC 8946 §8), or null.</param>
    /// <param name="issuedAt">A new <c>iat</c> when the retargeting entity changes the Date; null keeps each original's (RFC 8946 §3).</param>
    /// <exception cref="ArgumentException">No digit in a number; or the request has no RFC 8224 Identity header with a readable PASSporT; or no PASSporT's <c>dest</c> holds the current target while <c>div</c> PASSporTs are present.</exception>
    public IReadOnlyList<PassportToken> CreatePassports(SipMessage request, string newTarget, string? currentTarget = null, string? historyInfoIndex = null, DateTimeOffset? issuedAt = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(newTarget);
        var target = Canonical(newTarget, nameof(newTarget));
        var passports = ReadPassports(request);
        var current = currentTarget is not null ? Canonical(currentTarget, nameof(currentTarget)) : CurrentTarget(request);

        // The PASSporTs that name the current target; on a first retarget without a usable target, every non-div one (its first dest).
        var sources = current is null ? [] : passports.Where(p => p.Claims.DestTns.Any(d => TelephoneNumber.Canonicalize(d) == current)).ToList();
        if (sources.Count == 0)
        {
            if (passports.Any(IsDiversion))
            {
                throw new ArgumentException($"No PASSporT of the request has the current target {current ?? "(none)"} in its dest; pass currentTarget.", nameof(request));
            }

            sources = passports.Where(p => p.Claims.DestTns.Count > 0).ToList();
            current = null;
        }

        var created = new List<PassportToken>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var from = current ?? TelephoneNumber.Canonicalize(source.Claims.DestTns[0]);
            if (from == target)
            {
                continue; // the canonical dest does not change (RFC 8946 §3)
            }

            var iat = issuedAt?.ToUnixTimeSeconds() ?? source.Claims.IssuedAt;
            // One div per distinct (orig, dest) pair (RFC 8946 §4.1).
            var key = $"{source.Claims.Orig}|{string.Join(",", source.Claims.DestTns.Concat(source.Claims.DestUris))}|{from}|{iat}";
            if (!seen.Add(key))
            {
                continue;
            }

            var claims = new PassportClaims(source.Claims.Orig, [target], iat)
            {
                Div = new PassportDiversion(PassportIdentity.FromTn(from), historyInfoIndex),
            };
            created.Add(_signer.Sign(new PassportHeader(_signer.X5u, PassportTypes.Div), claims));
        }

        return created;
    }

    /// <summary>The Identity header values of <see cref="CreatePassports"/>: <c>&lt;jws&gt;;info=&lt;x5u&gt;;alg=ES256;ppt="div"</c> (RFC 8946 §4.1).</summary>
    /// <exception cref="ArgumentException">As <see cref="CreatePassports"/>.</exception>
    public IReadOnlyList<string> CreateIdentityHeaders(SipMessage request, string newTarget, string? currentTarget = null, string? historyInfoIndex = null, DateTimeOffset? issuedAt = null) =>
        [.. CreatePassports(request, newTarget, currentTarget, historyInfoIndex, issuedAt).Select(FormatHeader)];

    /// <summary>
    /// Retargets (forwards) <paramref name="request"/>: adds the <c>div</c> Identity headers after the existing ones
    /// (never removing them), and sets the Request-URI when <paramref name="newRequestUri"/> is given (RFC 8946 §4.1: the
    /// verifier compares the outermost <c>dest</c> with the Request-URI); with <paramref name="issuedAt"/> the Date header too.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="CreatePassports"/>, or <paramref name="newRequestUri"/> is not a URI.</exception>
    public SipMessage Retarget(SipMessage request, string newTarget, string? newRequestUri = null, string? currentTarget = null, string? historyInfoIndex = null, DateTimeOffset? issuedAt = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = request;
        foreach (var value in CreateIdentityHeaders(request, newTarget, currentTarget, historyInfoIndex, issuedAt))
        {
            message = message.WithHeaderAdded(SipHeaderNames.Identity, value);
        }

        if (issuedAt is { } date)
        {
            message = message.WithHeaderReplaced(SipHeaderNames.Date, SipDate.Format(date));
        }

        return newRequestUri is null ? message : SipRedirect.WithRequestUri(message, newRequestUri);
    }

    /// <summary>
    /// Redirects <paramref name="request"/> (RFC 8946 §7): a 3xx with <paramref name="contactUri"/> in Contact and the
    /// <c>div</c> PASSporTs to <paramref name="newTarget"/> in Identity header fields.
    /// </summary>
    /// <param name="request">The signed request being redirected.</param>
    /// <param name="newTarget">The new target's number (the <c>div</c> PASSporTs' <c>dest</c>).</param>
    /// <param name="contactUri">Where the caller should send the new request, e.g. <c>sip:+12155551214@example.net;user=phone</c>.</param>
    /// <param name="status">301 or 302 (<see cref="SipRedirect.MovedPermanently"/>, the default, or <see cref="SipRedirect.MovedTemporarily"/>).</param>
    /// <param name="toTag">The To tag to add; default a random tag.</param>
    /// <exception cref="ArgumentException">As <see cref="CreatePassports"/> and <see cref="SipRedirect.CreateResponse"/>.</exception>
    public SipResponse CreateRedirect(SipMessage request, string newTarget, string contactUri, SipStatus? status = null, string? toTag = null) =>
        SipRedirect.CreateResponse(request, status ?? SipRedirect.MovedPermanently, [contactUri], CreateIdentityHeaders(request, newTarget), toTag);

    private string FormatHeader(PassportToken token) =>
        IdentityHeader.Format(token.FullForm, _signer.X5u, JoseAlgorithms.ES256, null) + ";ppt=\"" + PassportTypes.Div + "\"";

    private static List<PassportToken> ReadPassports(SipMessage request)
    {
        var passports = new List<PassportToken>();
        foreach (var value in request.GetHeaderValues(SipHeaderNames.Identity))
        {
            if (IdentityHeader.TryParse(value) is { IsSuccess: true } header && !header.Value.IsCompact
                && PassportToken.TryParse(header.Value.Token) is { IsSuccess: true } token)
            {
                passports.Add(token.Value);
            }
        }

        // RFC 8946 §4.1: never add a div to a request that carries no Identity.
        return passports.Count > 0
            ? passports
            : throw new ArgumentException("The request has no RFC 8224 Identity header with a full-form PASSporT; a div PASSporT must not be added (RFC 8946 §4.1).", nameof(request));
    }

    private static bool IsDiversion(PassportToken token) => token.Header.Ppt is PassportTypes.Div or PassportTypes.DivO;

    private static string? CurrentTarget(SipMessage request)
    {
        if (request.RequestUri is { } uri && SipUri.TryParse(uri) is { IsSuccess: true } parsed && TelephoneNumber.TryGetCanonical(parsed.Value) is { IsSuccess: true } tn)
        {
            return tn.Value;
        }

        return TelephoneNumber.FromHeader(request, SipHeaderNames.To) is { Count: > 0 } to ? to[0] : null;
    }

    private static string Canonical(string tn, string name)
    {
        var canonical = TelephoneNumber.Canonicalize(tn);
        return canonical.Length > 0 ? canonical : throw new ArgumentException($"'{tn}' is not a telephone number.", name);
    }
}
