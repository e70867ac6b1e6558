namespace StirShaken.Identity.Verification;

/// <summary>The overall outcome for a request.</summary>
public enum VerificationStatus
{
    /// <summary>A supported PASSporT verified.</summary>
    Passed,
    /// <summary>Verification failed; <see cref="VerificationResult.Failure"/> says why and which SIP code to send.</summary>
    Failed,
    /// <summary>No (supported) Identity header and policy does not require one: verstat <c>No-TN-Validation</c>.</summary>
    NoIdentity,
}
