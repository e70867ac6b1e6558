namespace StirShaken.Identity.Verification;

/// <summary>
/// Why an Identity header (or a request) failed verification. Each reason maps to exactly one SIP
/// code in <see cref="FailureReasons"/> (RFC 8224 §6.2.2; README "SIP codes").
/// </summary>
public enum FailureReason
{
    /// <summary>No failure.</summary>
    None,

    // ---- 428 Use Identity Header (RFC 8224 §6.2) ----
    /// <summary>No Identity header, and policy requires one.</summary>
    NoIdentity,
    /// <summary>Only Identity headers with unsupported <c>ppt</c> values, and policy requires one (RFC 8224 §6.2 step 1).</summary>
    NoSupportedIdentity,

    // ---- 438 Invalid Identity Header ----
    /// <summary>The SIP message could not be parsed (or exceeds size limits), so no identity can be checked.</summary>
    MalformedMessage,
    /// <summary>The Identity header value violates the RFC 8224 §4 grammar.</summary>
    MalformedIdentityHeader,
    /// <summary>Only a legacy RFC 4474 Identity/Identity-Info pair is present; RFC 8224 obsoleted it.</summary>
    LegacyIdentityUnsupported,
    /// <summary>The PASSporT is not strict base64url JSON, or has duplicate keys (RFC 8225 §9).</summary>
    MalformedPassport,
    /// <summary>A required header parameter or claim is missing (ATIS-1000074 §5.3.1).</summary>
    MissingClaim,
    /// <summary>A header parameter or claim has a wrong type or value (e.g. <c>attest</c> not A/B/C).</summary>
    InvalidClaim,
    /// <summary><c>typ</c> is not <c>passport</c> (RFC 8225 §4.1).</summary>
    InvalidType,
    /// <summary>The JOSE <c>ppt</c> differs from the Identity <c>ppt</c> parameter (RFC 8224 §4.1).</summary>
    PptMismatch,
    /// <summary>A SHAKEN PASSporT in compact form: <c>attest</c>/<c>origid</c> cannot be rebuilt (ATIS-1000074 §5.3.3).</summary>
    CompactFormNotAllowed,
    /// <summary><c>x5u</c> differs from the <c>info</c> URI by simple string comparison (RFC 8224 §4.1).</summary>
    X5uInfoMismatch,
    /// <summary>No P-Asserted-Identity / From telephone number matches <c>orig.tn</c> (RFC 8224 §6.2 step 2, ATIS-1000074 §5.3.1).</summary>
    OrigMismatch,
    /// <summary>No <c>dest</c> entry matches the To (or Request-URI) number (RFC 8224 §6.2 step 5).</summary>
    DestMismatch,
    /// <summary>The signature does not verify over the received header and payload (RFC 8224 §6.2 step 5).</summary>
    InvalidSignature,

    // ---- 437 Unsupported Credential ----
    /// <summary><c>alg</c> (parameter or JOSE header) is not ES256 (RFC 8224 §4.1, ATIS-1000074).</summary>
    UnsupportedAlgorithm,
    /// <summary>The chain does not lead to a configured STI-CA trust anchor.</summary>
    CertificateUntrusted,
    /// <summary>A certificate in the chain is expired or not yet valid at the verification time.</summary>
    CertificateExpired,
    /// <summary>The signer's key is not an EC P-256 key, or key usage forbids signing.</summary>
    CertificateKeyUnsupported,
    /// <summary>The TNAuthList extension is missing, malformed, or lacks an SPC (RFC 8226, ATIS-1000080).</summary>
    CertificateTnAuthList,
    /// <summary>
    /// The certificate's TNAuthList holds telephone numbers or ranges instead of an SPC (an RFC 9060 delegate
    /// certificate) and none covers <c>orig.tn</c> (RFC 8226 §9); checked unless <see cref="VerifierOptions.EnforceTnAuthorization"/> is off.
    /// </summary>
    TnNotAuthorized,
    /// <summary>The certificate violates a configured profile rule (CN/SPC, policy OID).</summary>
    CertificateProfile,
    /// <summary>The certificate is revoked, or revocation could not be checked under a hard-fail policy.</summary>
    CertificateRevoked,

    // ---- 436 Bad Identity Info ----
    /// <summary>The <c>info</c> URL is refused by policy (scheme, port, userinfo/query/fragment, special-purpose address).</summary>
    InfoUrlRefused,
    /// <summary>The certificate could not be obtained (DNS, TLS, timeout, HTTP status, size, not a certificate).</summary>
    CertificateUnavailable,

    // ---- 403 Stale Date ----
    /// <summary><c>iat</c> is older than the freshness window (RFC 8224 §6.2 step 4).</summary>
    StaleIat,
    /// <summary><c>iat</c> is further in the future than the allowed skew.</summary>
    FutureIat,
    /// <summary>The SIP Date header is older than the freshness window.</summary>
    StaleDate,
    /// <summary>The SIP Date header is further in the future than the allowed skew.</summary>
    FutureDate,

    // ---- 500 ----
    /// <summary>An unexpected internal error (a bug); logged.</summary>
    InternalError,

    // ---- RFC 4474 Identity + Identity-Info (README "Legacy RFC 4474 (Identity-Info)") ----
    /// <summary>436: the legacy Identity has no Identity-Info header, or it is not <c>&lt;absoluteURI&gt;</c> (RFC 4474 §9).</summary>
    LegacyIdentityInfoInvalid,
    /// <summary>437: the Identity-Info <c>alg</c> is neither <c>rsa-sha1</c> (RFC 4474 §9, the default) nor <c>rsa-sha256</c>, or SHA-1 is disabled.</summary>
    LegacyUnsupportedAlgorithm,
    /// <summary>437: the domain certificate does not chain to a legacy trust anchor, or is not valid at the verification time.</summary>
    LegacyCertificateUntrusted,
    /// <summary>437: the domain certificate's key is not RSA of the minimum size, or key usage forbids signing.</summary>
    LegacyCertificateKeyUnsupported,
    /// <summary>437: the domain certificate is not for the From domain (subjectAltName dNSName, else CN; RFC 4474 §6 step 2).</summary>
    LegacyDomainMismatch,
    /// <summary>438: the RSA signature does not verify over the RFC 4474 §9 digest-string of the request as received.</summary>
    LegacyInvalidSignature,

    // ---- 438, RFC 8946 diversion chains (after InternalError: the values above are shipped; a failing chain never changes the verdict on its original PASSporT) ----
    /// <summary>No other PASSporT of the request has a <c>dest</c> containing this <c>div</c> value (RFC 8946 §4.2).</summary>
    DiversionNotLinked,
    /// <summary>A <c>div</c> PASSporT's <c>orig</c> differs from the original's: the whole chain is invalid (RFC 8946 §4.2).</summary>
    DiversionOrigChanged,
    /// <summary>The outermost <c>div</c> PASSporT's <c>dest</c> is not the call's current target (RFC 8946 §4.2, first step).</summary>
    DiversionTargetMismatch,
    /// <summary>The chain has more <c>div</c> PASSporTs than <see cref="VerifierOptions.MaxDiversions"/>.</summary>
    DiversionChainTooLong,

    // ---- 438 Invalid Identity Header (added after the baseline, so existing values keep their numbers) ----
    /// <summary>The PASSporT violates the signer certificate's JWT claim constraints (RFC 8226 §8, RFC 9118 §4; RFC 9795 §8.1).</summary>
    ClaimConstraintsViolated,

    // ---- Conformance-profile cases (README "Conformance profiles"; appended so existing values keep their numbers) ----
    /// <summary>
    /// The request has no usable caller telephone number: no P-Asserted-Identity value (or, without PAI, no From) is a
    /// telephone number (RFC 8224 §8.1, §8.3), so <c>orig.tn</c> has nothing to match. 438 (400 under <see cref="ConformanceProfile.Man"/>).
    /// Distinct from <see cref="OrigMismatch"/>, where a number is present and differs.
    /// </summary>
    CallerTnUnusable,
    /// <summary>The Identity header has no <c>info</c> parameter, which RFC 8224 §4 makes mandatory. 438 (436 under <see cref="ConformanceProfile.Man"/>).</summary>
    MissingInfoParameter,
    /// <summary>
    /// The Identity header has no <c>alg</c> parameter and the profile requires one (<see cref="ConformanceProfile.Man"/>: 437);
    /// RFC 8224 §4.1 makes it optional (default ES256), so the other profiles accept its absence.
    /// </summary>
    MissingAlgParameter,
    /// <summary>
    /// The Identity header has a parameter other than <c>info</c>, <c>alg</c> and <c>ppt</c>, or its <c>ppt</c> parameter is
    /// missing or names a type without rules, and the profile refuses that (<see cref="ConformanceProfile.Man"/>: 438). RFC 8224
    /// §4 allows extension parameters, and §6.2 step 1 skips an unsupported <c>ppt</c>, so the other profiles accept them.
    /// </summary>
    IdentityParameterRejected,
    // ---- 438 Invalid Identity Header, replay detection (README "Repeats and replays") ----
    /// <summary>
    /// The PASSporT already verified, within its freshness window, in a request with another Call-ID (a replayed or
    /// copied Identity header, RFC 8224 §12.1); only under <see cref="ReplayPolicy.Reject"/>.
    /// </summary>
    ReplayedPassport,
}
