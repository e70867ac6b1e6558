namespace StirShaken.Identity.Passport;

/// <summary>
/// The <c>div</c> claim (RFC 8946 §3): the destination the call was diverted from, as exactly one
/// <c>tn</c> or <c>uri</c> (like <c>orig</c>, RFC 8225 §5.2.1), optionally with the History-Info index
/// <c>hi</c> of the diverting entry (RFC 8946 §8). Other members of a received <c>div</c> object are
/// kept in the token's canonical JSON but not modelled.
/// </summary>
public sealed record PassportDiversion
{
    /// <summary>Creates a <c>div</c> claim.</summary>
    /// <param name="target">The previous destination (one identifier of the original <c>dest</c>, RFC 8946 §3).</param>
    /// <param name="historyInfoIndex">The History-Info <c>index</c>, e.g. <c>1.2.1</c> (RFC 8946 §8), or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public PassportDiversion(PassportIdentity target, string? historyInfoIndex = null)
    {
        Target = target ?? throw new ArgumentNullException(nameof(target));
        HistoryInfoIndex = historyInfoIndex;
    }

    /// <summary>The diverted-from identity: <c>div.tn</c> (canonical TN) or <c>div.uri</c>.</summary>
    public PassportIdentity Target { get; }

    /// <summary>The <c>div.hi</c> History-Info index, or null.</summary>
    public string? HistoryInfoIndex { get; }
}
