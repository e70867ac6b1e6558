namespace StirShaken.Identity.Verification;

/// <summary>
/// Replay detection (RFC 8224 §12.1; README "Repeats and replays"): the policy, and the size of the store of recently
/// verified PASSporTs. Configuration keys <c>Verifier:Replay:Policy</c> and <c>Verifier:Replay:MaxEntries</c>.
/// </summary>
public sealed class ReplayDetectionOptions
{
    /// <summary>A NEW instance with the defaults on every call (never shared).</summary>
    public static ReplayDetectionOptions Default => new();

    /// <summary>
    /// Off, Report (default) or Reject. Report by default because the same PASSporT legitimately reaches a verifier
    /// under two Call-IDs when an upstream B2BUA re-originates the call (route advance after a failure on the first
    /// route, topology hiding): rejecting would fail those calls; turn on Reject when no such path exists.
    /// </summary>
    public ReplayPolicy Policy { get; set; } = ReplayPolicy.Report;

    /// <summary>
    /// The most PASSporTs remembered (100 to 300 bytes each). Each is kept until its <c>iat</c> leaves the freshness
    /// window (<see cref="VerifierOptions.MaxAge"/>); size it to calls per second × the window (default 100,000 ≈ 1,600
    /// calls/s for 60 s). When full, the oldest entry is forgotten (counted in <c>stirshaken.cache.evictions</c> with
    /// <c>cache=replay</c>): a replay of a forgotten PASSporT goes unnoticed, a call is never refused or delayed for
    /// lack of room. At least 1.
    /// </summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>Validates the options; throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Policy))
        {
            throw new ArgumentException($"Replay.Policy {Policy} is not Off, Report or Reject.", nameof(Policy));
        }

        if (MaxEntries < 1)
        {
            throw new ArgumentException("Replay.MaxEntries must be at least 1.", nameof(MaxEntries));
        }
    }
}
