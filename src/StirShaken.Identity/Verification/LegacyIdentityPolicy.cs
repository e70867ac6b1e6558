namespace StirShaken.Identity.Verification;

/// <summary>
/// What to do with a request that carries only a legacy RFC 4474 Identity/Identity-Info pair
/// (README "Legacy RFC 4474 (Identity-Info)").
/// </summary>
public enum LegacyIdentityPolicy
{
    /// <summary>
    /// Default. Verify the pair when legacy trust anchors are configured (<see cref="StirShakenVerifierDependencies.LegacyTrustAnchors"/>);
    /// otherwise fail it with 438 <see cref="FailureReason.LegacyIdentityUnsupported"/> and a diagnostic naming the setting (never a silent pass).
    /// </summary>
    Reject,
    /// <summary>Treat it as no identity (428 when required, else <c>No-TN-Validation</c>), even when legacy trust anchors are configured.</summary>
    Ignore,
    /// <summary>
    /// Verify the pair (RFC 4474 §6): the same as <see cref="Reject"/> with anchors, but stating the intent; the verifier's
    /// constructor throws <see cref="ArgumentException"/> when no legacy trust anchors are configured.
    /// </summary>
    Verify,
}
