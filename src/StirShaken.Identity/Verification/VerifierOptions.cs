using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>Verification policy. Defaults follow RFC 8224, ATIS-1000074 and README "SIP codes".</summary>
public sealed class VerifierOptions
{
    /// <summary>
    /// A NEW instance with the defaults on every call (never a shared instance: a configuration binder or a
    /// configure lambda that sets a property changes only its own copy).
    /// </summary>
    public static VerifierOptions Default => new();

    /// <summary>
    /// Whether a request without a usable Identity header fails with 428 (true) or yields
    /// <c>No-TN-Validation</c> (false, default: SHAKEN networks must not send 428 yet, ATIS-1000074).
    /// </summary>
    public bool RequireIdentity { get; set; }

    /// <summary>How old <c>iat</c> and Date may be (RFC 8224 §4.1 recommends 60 s). Default 60 s.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How far in the future <c>iat</c> and Date may be (clock skew). Default 10 s.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the Date header must be present. Default false: when absent, <c>iat</c> alone is checked.</summary>
    public bool RequireDateHeader { get; set; }

    /// <summary>Which SIP fields <c>dest</c> may match. Default <see cref="DestinationSource.To"/>.</summary>
    public DestinationSource DestinationSource { get; set; } = DestinationSource.To;

    /// <summary>
    /// PASSporT types verified; other <c>ppt</c> values are skipped (RFC 8224 §6.2 step 1). Default every type the
    /// verifier has rules for: <c>shaken</c>, and the RFC 8946 diversions <c>div</c> and <c>div-o</c>, which are only
    /// judged as links of a chain to a <c>shaken</c> PASSporT and never verify a call alone. This set can only disable
    /// known types: naming a type without rules (e.g. <c>rcd</c>, or <c>""</c> for a base PASSporT) fails
    /// <see cref="Validate"/>, so no option can make a PASSporT count without its rules. A header without <c>ppt</c>
    /// is a base PASSporT and is always skipped.
    /// </summary>
    public IReadOnlySet<string> SupportedPpts { get; set; } = new HashSet<string>(StringComparer.Ordinal) { PassportTypes.Shaken, PassportTypes.Div, PassportTypes.DivO };

    /// <summary>
    /// The SIP status for <c>x5u</c> ≠ <c>info</c>: <see cref="SipStatus.InvalidIdentityHeader"/> (438, RFC 8224 §4.1,
    /// default) or <see cref="SipStatus.BadIdentityInfo"/> (436, ATIS-1000082-style servers); nothing else validates.
    /// </summary>
    public SipStatus X5uInfoMismatchStatus { get; set; } = SipStatus.InvalidIdentityHeader;

    /// <summary>
    /// Whether <c>orig.tn</c> must be covered by the certificate's TNAuthList when it lists telephone numbers or
    /// ranges instead of an SPC (an RFC 9060 delegate certificate; RFC 8226 §9) → 437 <see cref="FailureReason.TnNotAuthorized"/>.
    /// A TNAuthList with an SPC is not checked against the number. Default true.
    /// </summary>
    public bool EnforceTnAuthorization { get; set; } = true;

    /// <summary>
    /// Legacy RFC 4474 handling. Default <see cref="LegacyIdentityPolicy.Reject"/>, which verifies the pair when legacy
    /// trust anchors are configured (<see cref="StirShakenVerifierDependencies.LegacyTrustAnchors"/>) and refuses it otherwise
    /// (README "Legacy RFC 4474 (Identity-Info)").
    /// </summary>
    public LegacyIdentityPolicy LegacyIdentity { get; set; } = LegacyIdentityPolicy.Reject;

    /// <summary>
    /// How old the Date header of an RFC 4474 request may be (RFC 4474 §6 step 4 suggests 3600 s; we default to the
    /// PASSporT window, 60 s). The future limit is <see cref="MaxFutureSkew"/>.
    /// </summary>
    public TimeSpan LegacyMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// WEAK: accept RFC 4474 <c>alg=rsa-sha1</c> (the RFC 4474 default and the only algorithm it defines, and all that
    /// Kamailio auth_identity produces). SHA-1 is broken for collisions (SHAttered, 2017); set false to accept only
    /// <c>rsa-sha256</c>. Only consulted when legacy verification is enabled. Default true.
    /// </summary>
    public bool AllowWeakRsaSha1ForLegacyIdentity { get; set; } = true;

    /// <summary>Reason header protocol on failure responses: SIP (RFC 3326, default) or STIR (RFC 9410).</summary>
    public ReasonProtocol ReasonProtocol { get; set; } = ReasonProtocol.Sip;

    /// <summary>
    /// RFC 8224 §8.3 step 2 hook: turns a canonical but non-global number into E.164 (e.g. add a country code).
    /// Applied to numbers taken from SIP before comparing with the PASSporT. Default: identity.
    /// </summary>
    public Func<string, string>? NormalizeNumber { get; set; }

    /// <summary>
    /// Accept SIP URIs without <c>user=phone</c> whose user part looks like a number (RFC 8224 §8.1 local policy). Default true.
    /// </summary>
    public bool LenientTelephoneNumbers { get; set; } = true;

    /// <summary>
    /// Whether a claim TN with a leading '+' (<c>"orig":{"tn":"+12155551212"}</c>, as some signers write it) is refused
    /// (true: 438 OrigMismatch/DestMismatch, "not canonical: RFC 8224 §8.3 has no leading '+'") or compared without the '+'
    /// (false, default) and recorded in <see cref="VerificationResult.HasNonCanonicalTn"/>. Configuration key
    /// <c>Verifier:StrictTelephoneNumbers</c>.
    /// </summary>
    public bool StrictTelephoneNumbers { get; set; }

    /// <summary>
    /// The conformance profile (README "Conformance profiles"): <see cref="ConformanceProfile.Rfc8224"/> (default),
    /// <see cref="ConformanceProfile.Atis"/> or <see cref="ConformanceProfile.Man"/>; selects the SIP codes from the one
    /// reason→code table (<see cref="FailureReasons"/>) and the strictness. Configuration key <c>Verifier:Profile</c>.
    /// </summary>
    public ConformanceProfile Profile { get; set; } = ConformanceProfile.Rfc8224;

    /// <summary>Limits for parsing raw SIP text.</summary>
    public SipParserOptions Parser { get; set; } = SipParserOptions.Default;

    /// <summary>Maximum Identity headers examined per request (a hostile request may carry hundreds). Default 10.</summary>
    public int MaxIdentityHeaders { get; set; } = 10;

    /// <summary>
    /// What the outermost <c>div</c> PASSporT's <c>dest</c> is compared with (RFC 8946 §4.2, first step): the
    /// Request-URI (default: retargeting rewrites it, §4.1), <see cref="DestinationSource.To"/> for networks that
    /// rewrite To instead, or either.
    /// </summary>
    public DestinationSource DiversionTarget { get; set; } = DestinationSource.RequestUri;

    /// <summary>
    /// How old the original (innermost) PASSporT of a diversion chain may be; the outermost <c>div</c> and the Date
    /// header keep <see cref="MaxAge"/> (RFC 8946 §4.2, fourth step: a longer window for transfers, "on the order of
    /// three hours" as an upper bound). Default 1 hour; at least <see cref="MaxAge"/>.
    /// </summary>
    public TimeSpan DiversionOriginalMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most <c>div</c>/<c>div-o</c> PASSporTs followed in one chain (RFC 8946 defines no limit). Default 8, at
    /// least 5 (one SHAKEN plus five diversions must verify); a longer chain fails with
    /// <see cref="FailureReason.DiversionChainTooLong"/>. Every PASSporT also counts toward <see cref="MaxIdentityHeaders"/>.
    /// </summary>
    public int MaxDiversions { get; set; } = 8;

    /// <summary>Rich Call Data policy (RFC 9795; README "Rich Call Data"): content fetching, display-name mismatch. Default <see cref="RichCallDataOptions.Default"/>.</summary>
    public RichCallDataOptions RichCallData { get; set; } = RichCallDataOptions.Default;

    /// <summary>
    /// The result cache for repeated Identity headers (README "Repeats and replays"): on by default; a hit still checks
    /// orig, dest, freshness, certificate validity and revocation for this request, now. Configuration keys
    /// <c>Verifier:ResultCache:*</c>. Default <see cref="PassportVerificationCacheOptions.Default"/>.
    /// </summary>
    public PassportVerificationCacheOptions ResultCache { get; set; } = PassportVerificationCacheOptions.Default;

    /// <summary>
    /// Replay detection (RFC 8224 §12.1; README "Repeats and replays"): Report by default. Configuration keys
    /// <c>Verifier:Replay:*</c>. Default <see cref="ReplayDetectionOptions.Default"/>.
    /// </summary>
    public ReplayDetectionOptions Replay { get; set; } = ReplayDetectionOptions.Default;

    /// <summary>Validates the options; throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or <see cref="SupportedPpts"/> names a type without rules.</exception>
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

        if (X5uInfoMismatchStatus != SipStatus.InvalidIdentityHeader && X5uInfoMismatchStatus != SipStatus.BadIdentityInfo)
        {
            throw new ArgumentException($"X5uInfoMismatchStatus must be 436 Bad Identity Info or 438 Invalid Identity Header, not {X5uInfoMismatchStatus}.", nameof(X5uInfoMismatchStatus));
        }

        if (LegacyMaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException("LegacyMaxAge must be positive.", nameof(LegacyMaxAge));
        }

        if (MaxIdentityHeaders < 1)
        {
            throw new ArgumentException("MaxIdentityHeaders must be at least 1.", nameof(MaxIdentityHeaders));
        }

        if (DiversionOriginalMaxAge < MaxAge)
        {
            throw new ArgumentException("DiversionOriginalMaxAge must be at least MaxAge.", nameof(DiversionOriginalMaxAge));
        }

        if (MaxDiversions < 5)
        {
            throw new ArgumentException("MaxDiversions must be at least 5 (one SHAKEN PASSporT plus five diversions).", nameof(MaxDiversions));
        }

        if (SupportedPpts is null || SupportedPpts.Count == 0)
        {
            throw new ArgumentException("SupportedPpts must name at least one PASSporT type.", nameof(SupportedPpts));
        }

        foreach (var ppt in SupportedPpts)
        {
            if (ppt is null || !PassportTypeRegistry.TryGet(ppt, out _))
            {
                throw new ArgumentException(
                    $"SupportedPpts names \"{ppt}\", a PASSporT type the verifier has no rules for; known types: {string.Join(", ", PassportTypeRegistry.KnownPpts)}.",
                    nameof(SupportedPpts));
            }
        }

        if (ResultCache is null || Replay is null)
        {
            throw new ArgumentException("ResultCache and Replay must not be null.", ResultCache is null ? nameof(ResultCache) : nameof(Replay));
        }

        ResultCache.Validate();
        Replay.Validate();
    }
}
