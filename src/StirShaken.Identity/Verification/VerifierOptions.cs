using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>Verification policy. Defaults follow RFC 8224, ATIS-1000074 and the product's CODES decisions.</summary>
public sealed class VerifierOptions
{
    /// <summary>Shared default instance. Do not mutate.</summary>
    public static VerifierOptions Default { get; } = new();

    /// <summary>
    /// Whether a request without a usable Identity header fails with 428 (true) or yields
    /// <c>No-TN-Validation</c> (false, default: SHAKEN networks must not send 428 yet, ATIS-1000074).
    /// </summary>
    public bool RequireIdentity { get; init; }

    /// <summary>How old <c>iat</c> and Date may be (RFC 8224 §4.1 recommends 60 s). Default 60 s.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How far in the future <c>iat</c> and Date may be (clock skew). Default 10 s.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the Date header must be present. Default false: when absent, <c>iat</c> alone is checked.</summary>
    public bool RequireDateHeader { get; init; }

    /// <summary>Which SIP fields <c>dest</c> may match. Default <see cref="DestinationSource.To"/>.</summary>
    public DestinationSource DestinationSource { get; init; } = DestinationSource.To;

    /// <summary>
    /// PASSporT types verified; other <c>ppt</c> values are skipped (RFC 8224 §6.2 step 1). Default <c>shaken</c>.
    /// A header without <c>ppt</c> is a base PASSporT and is not a SHAKEN one: it is skipped unless this set holds "".
    /// </summary>
    public IReadOnlySet<string> SupportedPpts { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "shaken" };

    /// <summary>
    /// The SIP code for <c>x5u</c> ≠ <c>info</c>: 438 (RFC 8224 §4.1, default) or 436 (ATIS-1000082-style servers).
    /// </summary>
    public int X5uInfoMismatchStatusCode { get; init; } = 438;

    /// <summary>Legacy RFC 4474 handling. Default <see cref="LegacyIdentityPolicy.Reject"/>.</summary>
    public LegacyIdentityPolicy LegacyIdentity { get; init; } = LegacyIdentityPolicy.Reject;

    /// <summary>Reason header protocol on failure responses: SIP (RFC 3326, default) or STIR (RFC 9410).</summary>
    public ReasonProtocol ReasonProtocol { get; init; } = ReasonProtocol.Sip;

    /// <summary>
    /// RFC 8224 §8.3 step 2 hook: turns a canonical but non-global number into E.164 (e.g. add a country code).
    /// Applied to numbers taken from SIP before comparing with the PASSporT. Default: identity.
    /// </summary>
    public Func<string, string>? NormalizeNumber { get; init; }

    /// <summary>
    /// Accept SIP URIs without <c>user=phone</c> whose user part looks like a number (RFC 8224 §8.1 local policy). Default true.
    /// </summary>
    public bool LenientTelephoneNumbers { get; init; } = true;

    /// <summary>Limits for parsing raw SIP text.</summary>
    public SipParserOptions Parser { get; init; } = SipParserOptions.Default;

    /// <summary>Maximum Identity headers examined per request (a hostile request may carry hundreds). Default 10.</summary>
    public int MaxIdentityHeaders { get; init; } = 10;

    /// <summary>Validates the options; throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException("MaxAge must be positive.", nameof(MaxAge));
        }

        if (MaxFutureSkew < TimeSpan.Zero)
        {
            throw new ArgumentException("MaxFutureSkew must not be negative.", nameof(MaxFutureSkew));
        }

        if (X5uInfoMismatchStatusCode is not (436 or 438))
        {
            throw new ArgumentException("X5uInfoMismatchStatusCode must be 436 or 438.", nameof(X5uInfoMismatchStatusCode));
        }

        if (MaxIdentityHeaders < 1)
        {
            throw new ArgumentException("MaxIdentityHeaders must be at least 1.", nameof(MaxIdentityHeaders));
        }

        if (SupportedPpts is null || SupportedPpts.Count == 0)
        {
            throw new ArgumentException("SupportedPpts must name at least one PASSporT type.", nameof(SupportedPpts));
        }
    }
}
