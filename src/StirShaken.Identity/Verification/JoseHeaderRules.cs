using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// What each JOSE header parameter of a PASSporT means to this verifier (RFC 7515 §4.1, RFC 8225 §4 and §8.1;
/// README "JOSE header parameters" has the table). Split in two: <see cref="CheckSecurity"/> (<c>alg</c>,
/// <c>typ</c>, <c>ppt</c>, <c>crit</c>) runs on the decoded header alone, before the rest of the token is judged,
/// so that an <c>alg=none</c> token with an empty signature is reported as the algorithm it is (437), not as a
/// malformed token; <see cref="CheckKeySource"/> (<c>x5u</c>) runs once the token decodes. Every other
/// parameter (<c>jku</c>, <c>jwk</c>, <c>kid</c>, <c>x5c</c>, <c>x5t</c>, <c>x5t#S256</c>, <c>cty</c>, private
/// names) is ignored, as RFC 7515 §4 requires for parameters not listed in <c>crit</c>: in particular no key
/// or certificate is ever taken from <c>jku</c>, <c>jwk</c> or <c>x5c</c>; the credential comes from <c>x5u</c> only.
/// </summary>
internal static class JoseHeaderRules
{
    /// <summary>
    /// The extension header parameters this verifier understands and processes, the only names a <c>crit</c> list
    /// may hold (RFC 7515 §4.1.11): <c>ppt</c> (RFC 8225 §8.1), which selects the rules and must match the
    /// Identity <c>ppt</c> parameter.
    /// </summary>
    public static readonly IReadOnlySet<string> UnderstoodCriticalExtensions = new HashSet<string>(StringComparer.Ordinal)
    {
        JoseHeaderParameterNames.Ppt,
    };

    // RFC 7515 §4.1.11: names defined by RFC 7515 and RFC 7518 for JWS must not appear in crit; we refuse them.
    private static readonly HashSet<string> RegisteredJwsNames = new(StringComparer.Ordinal)
    {
        JoseHeaderParameterNames.Alg, JoseHeaderParameterNames.Jku, JoseHeaderParameterNames.Jwk, JoseHeaderParameterNames.Kid,
        JoseHeaderParameterNames.X5u, JoseHeaderParameterNames.X5c, JoseHeaderParameterNames.X5t, JoseHeaderParameterNames.X5tS256,
        JoseHeaderParameterNames.Typ, JoseHeaderParameterNames.Cty, JoseHeaderParameterNames.Crit,
    };

    private const string MediaTypePrefix = "application/";

    /// <summary>
    /// <c>alg</c> → <c>typ</c> → <c>ppt</c> → <c>crit</c>, in this order; the first failure, or null.
    /// </summary>
    /// <param name="jose">The decoded JOSE header.</param>
    /// <param name="pptParameter">The Identity header's <c>ppt</c> parameter, or null when absent or unknown.</param>
    public static VerificationFailure? CheckSecurity(PassportHeader jose, string? pptParameter)
    {
        // RFC 7515 §4.1.1 (case-sensitive), RFC 8225 §4.2, ATIS-1000074 §5.3.1: a constant allow-list, ES256 only
        // ("none", HS256, RS256, "es256"... are refused before any key is touched).
        if (jose.Alg is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"alg\"");
        }

        if (jose.Alg != JoseAlgorithms.ES256)
        {
            return new VerificationFailure(FailureReason.UnsupportedAlgorithm, $"the PASSporT header \"alg\" is \"{jose.Alg}\"; only ES256 is supported");
        }

        // RFC 8225 §4.1: typ is "passport"; RFC 7515 §4.1.9: a media type, compared case-insensitively, the
        // "application/" prefix optional.
        if (jose.Typ is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"typ\"");
        }

        if (!IsPassportMediaType(jose.Typ))
        {
            return new VerificationFailure(FailureReason.InvalidType, $"the PASSporT header \"typ\" is \"{jose.Typ}\", not \"passport\"");
        }

        // RFC 8224 §4.1 "Fourth": the JOSE ppt equals the Identity ppt parameter (case-sensitive, like its registry).
        if (pptParameter is not null && jose.Ppt != pptParameter)
        {
            return new VerificationFailure(FailureReason.PptMismatch, $"the PASSporT header \"ppt\" is {Quote(jose.Ppt)} but the Identity ppt parameter is \"{pptParameter}\"");
        }

        return jose.Crit is { } crit ? CheckCrit(jose, crit) : null;
    }

    /// <summary>RFC 8224 §4.1 "Third": <c>x5u</c> is present and equals <c>info</c> by simple string comparison (RFC 3986 §6.2.1).</summary>
    public static VerificationFailure? CheckKeySource(PassportHeader jose, string info, SipStatus mismatchStatus)
    {
        if (jose.X5u is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"x5u\"");
        }

        return string.Equals(jose.X5u, info, StringComparison.Ordinal)
            ? null
            : new VerificationFailure(FailureReason.X5uInfoMismatch, $"the PASSporT \"x5u\" \"{jose.X5u}\" differs from the info parameter <{info}>", mismatchStatus);
    }

    /// <summary>RFC 8225 §4.1 with RFC 7515 §4.1.9: <c>passport</c>, <c>Passport</c>, <c>application/passport</c>.</summary>
    public static bool IsPassportMediaType(string typ)
    {
        var subtype = typ.StartsWith(MediaTypePrefix, StringComparison.OrdinalIgnoreCase) ? typ[MediaTypePrefix.Length..] : typ;
        return string.Equals(subtype, PassportMediaTypes.Passport, StringComparison.OrdinalIgnoreCase);
    }

    // RFC 7515 §4.1.11: every listed name must be understood; names of RFC 7515/7518, duplicates and names absent
    // from the header are refused (the RFC lets the recipient consider them invalid; we do).
    private static VerificationFailure? CheckCrit(PassportHeader jose, IReadOnlyList<string> crit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in crit)
        {
            string? problem = null;
            if (!seen.Add(name))
            {
                problem = "is listed twice";
            }
            else if (RegisteredJwsNames.Contains(name))
            {
                problem = "is a parameter of RFC 7515/7518, which crit must not list";
            }
            else if (!UnderstoodCriticalExtensions.Contains(name))
            {
                problem = $"is an extension this verifier does not understand (understood: {string.Join(", ", UnderstoodCriticalExtensions)})";
            }
            else if (!IsPresent(jose, name))
            {
                problem = "does not occur in the header";
            }

            if (problem is not null)
            {
                return new VerificationFailure(FailureReason.InvalidClaim, $"the PASSporT header \"crit\" names \"{name}\", which {problem} (RFC 7515 §4.1.11)");
            }
        }

        return null;
    }

    private static bool IsPresent(PassportHeader jose, string name) =>
        name == JoseHeaderParameterNames.Ppt ? jose.Ppt is not null : jose.OtherParameters.ContainsKey(name);

    private static string Quote(string? value) => value is null ? "absent" : $"\"{value}\"";
}
