namespace StirShaken.Identity.Verification;

/// <summary>The outcome for one Identity header.</summary>
public enum IdentityHeaderStatus
{
    /// <summary>The PASSporT verified.</summary>
    Verified,
    /// <summary>The header failed a check.</summary>
    Failed,
    /// <summary>The header was ignored: its <c>ppt</c> has no rules or is disabled by <see cref="VerifierOptions.SupportedPpts"/> (RFC 8224 §6.2 step 1).</summary>
    Skipped,
}
