namespace StirShaken.Identity.Verification;

/// <summary>What to do with a request that carries only a legacy RFC 4474 Identity/Identity-Info pair.</summary>
public enum LegacyIdentityPolicy
{
    /// <summary>Fail it with 438 and <see cref="FailureReason.LegacyIdentityUnsupported"/> (default: never a silent pass).</summary>
    Reject,
    /// <summary>Treat it as no identity (428 when required, else <c>No-TN-Validation</c>).</summary>
    Ignore,
}
