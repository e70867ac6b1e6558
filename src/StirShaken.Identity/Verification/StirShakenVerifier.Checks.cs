using System.Globalization;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>The local checks of one PASSporT against its Identity header and the request (no I/O).</summary>
public sealed partial class StirShakenVerifier
{
    private VerificationFailure? CheckPassportHeader(IdentityHeader header, PassportToken passport)
    {
        var jose = passport.Header;
        // RFC 8225 §4.1: typ is "passport".
        if (jose.Typ is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"typ\"");
        }

        if (jose.Typ != PassportMediaTypes.Passport)
        {
            return new VerificationFailure(FailureReason.InvalidType, $"the PASSporT header \"typ\" is \"{jose.Typ}\", not \"passport\"");
        }

        if (jose.Alg is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"alg\"");
        }

        // Constant allow-list: ES256 only ("none", HS256, RS256... are refused before any key is touched).
        if (jose.Alg != Es256)
        {
            return new VerificationFailure(FailureReason.UnsupportedAlgorithm, $"the PASSporT header \"alg\" is \"{jose.Alg}\"; only ES256 is supported");
        }

        // RFC 8224 §4.1 "Fourth": the JOSE ppt equals the Identity ppt parameter.
        if (header.Ppt is not null && jose.Ppt != header.Ppt)
        {
            return new VerificationFailure(FailureReason.PptMismatch, $"the PASSporT header \"ppt\" is {Quote(jose.Ppt)} but the Identity ppt parameter is \"{header.Ppt}\"");
        }

        if (jose.X5u is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"x5u\"");
        }

        // RFC 8224 §4.1 "Third": x5u equals info by simple string comparison (RFC 3986 §6.2.1).
        if (!string.Equals(jose.X5u, header.Info, StringComparison.Ordinal))
        {
            return new VerificationFailure(FailureReason.X5uInfoMismatch, $"the PASSporT \"x5u\" \"{jose.X5u}\" differs from the info parameter <{header.Info}>", _options.X5uInfoMismatchStatusCode);
        }

        return null;
    }

    private static VerificationFailure? CheckShakenClaims(PassportClaims claims)
    {
        // RFC 8588 §4 / ATIS-1000074 §5.3.1: attest and origid are required; orig and dest are TNs.
        if (claims.Attest is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the SHAKEN claim \"attest\" is missing");
        }

        if (claims.Attestation is null)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, $"the SHAKEN claim \"attest\" is \"{claims.Attest}\"; it must be A, B or C");
        }

        if (claims.OrigId is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the SHAKEN claim \"origid\" is missing");
        }

        if (claims.OrigId.Length == 0)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, "the SHAKEN claim \"origid\" is empty");
        }

        if (claims.Orig.Tn is null)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, "SHAKEN requires \"orig\" of type tn, not uri");
        }

        if (claims.DestTns.Count == 0)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "SHAKEN requires \"dest\" of type tn (dest.tn is missing)");
        }

        return null;
    }

    private static VerificationFailure? CheckIdentities(PassportClaims claims, MessageContext context)
    {
        // RFC 8224 §6.2.4: the identity always comes from SIP; the orig claim must match it.
        if (claims.Orig.Tn is { } origTn)
        {
            if (context.OrigTns.Count == 0)
            {
                return new VerificationFailure(FailureReason.OrigMismatch, $"no telephone number in {context.OrigSource} to match orig.tn {origTn}");
            }

            if (!context.OrigTns.Contains(origTn, StringComparer.Ordinal))
            {
                return new VerificationFailure(FailureReason.OrigMismatch, $"orig.tn {origTn} does not match the {context.OrigSource} number {string.Join(" / ", context.OrigTns)}");
            }
        }

        // Any dest.tn entry may match (RFC 8225 §5.2.1 allows several destinations).
        if (claims.DestTns.Count > 0)
        {
            if (context.DestTns.Count == 0)
            {
                return new VerificationFailure(FailureReason.DestMismatch, $"no telephone number in To to match dest.tn [{string.Join(", ", claims.DestTns)}]");
            }

            foreach (var tn in claims.DestTns)
            {
                if (context.DestTns.Contains(tn, StringComparer.Ordinal))
                {
                    return null;
                }
            }

            return new VerificationFailure(FailureReason.DestMismatch, $"no dest.tn entry [{string.Join(", ", claims.DestTns)}] matches the called number {string.Join(" / ", context.DestTns)}");
        }

        return null;
    }

    private VerificationFailure? CheckFreshness(PassportClaims claims, MessageContext context, DateTimeOffset now)
    {
        // RFC 8224 §6.2 step 4: Date (and, for the full form, iat) within local policy; one window, two directions.
        var iat = claims.IssuedAtTime;
        if (now - iat > _options.MaxAge)
        {
            return new VerificationFailure(FailureReason.StaleIat, $"iat {claims.IssuedAt} ({Format(iat)}) is {(long)(now - iat).TotalSeconds} s old; the limit is {(long)_options.MaxAge.TotalSeconds} s");
        }

        if (iat - now > _options.MaxFutureSkew)
        {
            return new VerificationFailure(FailureReason.FutureIat, $"iat {claims.IssuedAt} ({Format(iat)}) is {(long)(iat - now).TotalSeconds} s in the future; the allowed skew is {(long)_options.MaxFutureSkew.TotalSeconds} s");
        }

        if (context.DateHeader is null)
        {
            return _options.RequireDateHeader ? new VerificationFailure(FailureReason.StaleDate, "the request has no Date header and policy requires one") : null;
        }

        if (!SipDate.TryParse(context.DateHeader).TryGetValue(out var date))
        {
            return new VerificationFailure(FailureReason.StaleDate, $"the Date header '{Truncate(context.DateHeader)}' is not an RFC 1123 GMT date");
        }

        if (now - date > _options.MaxAge)
        {
            return new VerificationFailure(FailureReason.StaleDate, $"the Date header ({Format(date)}) is {(long)(now - date).TotalSeconds} s old; the limit is {(long)_options.MaxAge.TotalSeconds} s");
        }

        if (date - now > _options.MaxFutureSkew)
        {
            return new VerificationFailure(FailureReason.FutureDate, $"the Date header ({Format(date)}) is {(long)(date - now).TotalSeconds} s in the future; the allowed skew is {(long)_options.MaxFutureSkew.TotalSeconds} s");
        }

        return null;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string? value) => value is null ? "absent" : $"\"{value}\"";

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
