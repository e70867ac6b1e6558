namespace StirShaken.Identity.Verification;

/// <summary>
/// What the verifier does when a verified PASSporT was already seen, within the freshness window, in a request with a
/// different Call-ID (a replay or cut-and-paste, RFC 8224 §12.1). A repeat with the same Call-ID (a retransmission, a
/// forked request, RFC 3261 §16.6, or several proxies in a row) is never a replay. README "Repeats and replays".
/// </summary>
public enum ReplayPolicy
{
    /// <summary>No replay detection: nothing is recorded.</summary>
    Off,

    /// <summary>
    /// Detect and report (default): the request is judged as usual, <see cref="VerificationResult.IsReplay"/> and
    /// <see cref="IdentityHeaderOutcome.IsReplay"/> say a replay was seen, and the <c>stirshaken.replays</c> counter counts it.
    /// </summary>
    Report,

    /// <summary>
    /// Detect and refuse: the replayed header fails with 438 <see cref="FailureReason.ReplayedPassport"/> (the request
    /// passes only when another Identity header verifies).
    /// </summary>
    Reject,
}
