using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>The SHAKEN PASSporT, <c>ppt=shaken</c> (RFC 8588; ATIS-1000074 §5.2, §5.3).</summary>
internal sealed class ShakenPassportRules : IPassportTypeRules
{
    /// <summary>The one shared instance (stateless).</summary>
    public static readonly ShakenPassportRules Instance = new();

    private ShakenPassportRules()
    {
    }

    /// <inheritdoc />
    public string Ppt => PassportTypes.Shaken;

    /// <summary>False: <c>attest</c> and <c>origid</c> cannot be rebuilt from SIP (ATIS-1000074 §5.3.3).</summary>
    public bool AllowsCompactForm => false;

    /// <summary>True: the SHAKEN PASSporT is the root of the call's identity (ATIS-1000074 §5.3.1).</summary>
    public bool BindsCall => true;

    /// <inheritdoc />
    public VerificationFailure? CheckClaims(PassportClaims claims)
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

        // RFC 8588 §4, ATIS-1000074 §5.2.4: a UUID (RFC 4122 §3). README "origid": the string form is strict,
        // the version and variant are not checked, hex digits in either case (RFC 4122 §3: case-insensitive on input).
        if (!IsUuid(claims.OrigId))
        {
            return new VerificationFailure(FailureReason.InvalidClaim, $"the SHAKEN claim \"origid\" is not a UUID (8-4-4-4-12 hex digits, RFC 8588 §4): {Printable(claims.OrigId)}");
        }

        if (claims.Orig.Tn is null)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, "SHAKEN requires \"orig\" of type tn, not uri");
        }

        if (claims.DestTns.Count == 0)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "SHAKEN requires \"dest\" of type tn (dest.tn is missing)");
        }

        // RFC 9795 §13.2: rcd/rcdi/crn inside the SHAKEN PASSporT follow the RCD construction rules (§8.1: else invalid).
        return RcdClaimRules.Check(claims);
    }

    /// <summary>The RFC 4122 §3 string form: 36 characters, hyphens at 8, 13, 18 and 23, hex digits elsewhere; nothing around it.</summary>
    internal static bool IsUuid(string value)
    {
        if (value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? value[i] == '-' : char.IsAsciiHexDigit(value[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // The value in a diagnostic: quoted, at most 64 characters, control and non-ASCII characters escaped.
    private static string Printable(string value)
    {
        var builder = new System.Text.StringBuilder("\"");
        foreach (var c in value.Length > 64 ? value[..64] : value)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append($"\\u{(int)c:x4}");
            }
        }

        return builder.Append(value.Length > 64 ? "\"…" : "\"").ToString();
    }
}
