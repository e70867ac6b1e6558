using System.Globalization;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The second phase: binding a PASSporT that stands on its own to the request that carries it (orig, dest,
/// Date, freshness). Pure functions over the claims, the request's <see cref="CallIdentities"/> and the time,
/// so the verifier runs them before the credential step and a mismatch never costs a certificate fetch.
/// </summary>
internal static class RequestBinding
{
    /// <summary>orig and dest against the request (RFC 8224 §6.2 step 2 and §6.2.4; ATIS-1000074 §5.3.1).</summary>
    /// <param name="claims">The PASSporT claims.</param>
    /// <param name="call">The request's identities.</param>
    /// <param name="strictTn">
    /// True: a claim TN with a leading '+' (not canonical, RFC 8224 §8.3) never matches. False (default): it matches the same
    /// number without the '+', and <see cref="VerificationResult.HasNonCanonicalTn"/> records it.
    /// </param>
    public static VerificationFailure? CheckIdentities(PassportClaims claims, CallIdentities call, bool strictTn = false) =>
        CheckOrig(claims, call, strictTn) ?? CheckDest(claims, call, strictTn);

    /// <summary>orig against P-Asserted-Identity / From (RFC 8224 §6.2 step 2; RFC 8946 §4.2 for the original of a diversion chain).</summary>
    public static VerificationFailure? CheckOrig(PassportClaims claims, CallIdentities call, bool strictTn = false)
    {
        // RFC 8224 §6.2.4: the identity always comes from SIP; the orig claim must match it.
        if (claims.Orig.Tn is { } origTn)
        {
            if (origTn.Length == 0)
            {
                return new VerificationFailure(FailureReason.InvalidClaim, "orig.tn is empty");
            }

            if (call.OrigTns.Count == 0)
            {
                // RFC 8224 §8.1: no caller TN at all is not a mismatch (438 by default, 400 under the MAN profile).
                return new VerificationFailure(FailureReason.CallerTnUnusable, $"no telephone number in {call.OrigSource} to match orig.tn {origTn}: the caller must be a tel URI or a SIP URI with user=phone (RFC 8224 §8.1)");
            }

            if (!Contains(call.OrigTns, origTn, strictTn))
            {
                return new VerificationFailure(FailureReason.OrigMismatch, $"orig.tn {origTn} does not match the {call.OrigSource} number {string.Join(" / ", call.OrigTns)}{NonCanonical("orig.tn", origTn, strictTn)}");
            }
        }

        return null;
    }

    private static VerificationFailure? CheckDest(PassportClaims claims, CallIdentities call, bool strictTn)
    {
        // Any dest.tn entry may match (RFC 8225 §5.2.1 allows several destinations).
        if (claims.DestTns.Count > 0)
        {
            if (claims.DestTns.Any(tn => tn.Length == 0))
            {
                return new VerificationFailure(FailureReason.InvalidClaim, "a dest.tn entry is empty");
            }

            if (call.DestTns.Count == 0)
            {
                return new VerificationFailure(FailureReason.DestMismatch, $"no telephone number in To to match dest.tn [{string.Join(", ", claims.DestTns)}]");
            }

            foreach (var tn in claims.DestTns)
            {
                if (Contains(call.DestTns, tn, strictTn))
                {
                    return null;
                }
            }

            var plus = claims.DestTns.FirstOrDefault(IsPlusPrefixed);
            return new VerificationFailure(FailureReason.DestMismatch, $"no dest.tn entry [{string.Join(", ", claims.DestTns)}] matches the called number {string.Join(" / ", call.DestTns)}{(plus is null ? string.Empty : NonCanonical("dest.tn", plus, strictTn))}");
        }

        return null;
    }

    /// <summary>Whether a claim TN carries the leading '+' that RFC 8224 §8.3 canonicalization removes.</summary>
    internal static bool IsPlusPrefixed(string tn) => tn.Length > 1 && tn[0] == '+';

    private static string NonCanonical(string claim, string tn, bool strict) => IsPlusPrefixed(tn)
        ? $" ({claim} is not canonical: RFC 8224 §8.3 has no leading '+'{(strict ? "; strict TN comparison is on" : string.Empty)})"
        : string.Empty;

    /// <summary>
    /// RFC 8224 §6.2 step 4: <c>iat</c> and the Date header within local policy; one window, two directions.
    /// </summary>
    public static VerificationFailure? CheckFreshness(PassportClaims claims, CallIdentities call, DateTimeOffset now, VerifierOptions options)
    {
        var iat = claims.IssuedAtTime;
        if (now - iat > options.MaxAge)
        {
            return new VerificationFailure(FailureReason.StaleIat, $"iat {claims.IssuedAt} ({Format(iat)}) is {(long)(now - iat).TotalSeconds} s old; the limit is {(long)options.MaxAge.TotalSeconds} s");
        }

        if (iat - now > options.MaxFutureSkew)
        {
            return new VerificationFailure(FailureReason.FutureIat, $"iat {claims.IssuedAt} ({Format(iat)}) is {(long)(iat - now).TotalSeconds} s in the future; the allowed skew is {(long)options.MaxFutureSkew.TotalSeconds} s");
        }

        if (call.DateHeader is null)
        {
            return options.RequireDateHeader ? new VerificationFailure(FailureReason.StaleDate, "the request has no Date header and policy requires one") : null;
        }

        if (call.Date is not { } date)
        {
            return new VerificationFailure(FailureReason.StaleDate, $"the Date header '{Truncate(call.DateHeader)}' is not an RFC 1123 GMT date");
        }

        if (now - date > options.MaxAge)
        {
            return new VerificationFailure(FailureReason.StaleDate, $"the Date header ({Format(date)}) is {(long)(now - date).TotalSeconds} s old; the limit is {(long)options.MaxAge.TotalSeconds} s");
        }

        if (date - now > options.MaxFutureSkew)
        {
            return new VerificationFailure(FailureReason.FutureDate, $"the Date header ({Format(date)}) is {(long)(date - now).TotalSeconds} s in the future; the allowed skew is {(long)options.MaxFutureSkew.TotalSeconds} s");
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> numbers, string tn, bool strictTn)
    {
        // Signers that put +E.164 in the claim (RFC 8224 §8.3 says no '+') sign the same number: compare without it.
        var lenient = !strictTn && IsPlusPrefixed(tn) ? tn[1..] : null;
        foreach (var number in numbers)
        {
            if (string.Equals(number, tn, StringComparison.Ordinal) || (lenient is not null && string.Equals(number, lenient, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
