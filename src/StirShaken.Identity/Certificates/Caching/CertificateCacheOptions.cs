namespace StirShaken.Identity.Certificates.Caching;

/// <summary>
/// x5u cache policy (ATIS-1000074 §5.3.1 cache rule, RFC 9111). Settable for options binding;
/// do not change an instance after a cache was built from it.
/// </summary>
public sealed class CertificateCacheOptions
{
    /// <summary>Maximum chains kept in memory (least recently used evicted first). Default 10,000.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>
    /// Maximum failed URLs remembered (<see cref="NegativeLifetime"/>), in their own LRU: failures evict only
    /// failures, so a flood of junk x5u URLs cannot push valid chains out (README "Hostile input"). Default 1,000.
    /// </summary>
    public int MaxNegativeEntries { get; set; } = 1_000;

    /// <summary>
    /// Lifetime when the response has no caching directive or a shorter one. Default 24 h (ATIS).
    /// </summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Upper bound on any lifetime, whatever the server says (always also capped at notAfter). Default 7 days.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Honour <c>Cache-Control: no-store</c> (the chain is then fetched for every use). Default true (RFC 9111).</summary>
    public bool HonorNoStore { get; set; } = true;

    /// <summary>How long a failed URL is remembered (no refetch, same failure returned). Default 30 s.</summary>
    public TimeSpan NegativeLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When set, a cache hit within this time of the entry's expiry starts a background refresh (no
    /// timer, no thread: the refresh rides on the hit). Null (default) = off.
    /// </summary>
    public TimeSpan? RefreshBeforeExpiry { get; set; }

    /// <summary>Key prefix in the distributed (L2) cache. Default <c>stirshaken:x5u:</c>.</summary>
    public string DistributedKeyPrefix { get; set; } = "stirshaken:x5u:";

    /// <summary>Time limit for one distributed-cache call; on timeout or error the L2 is skipped. Default 500 ms.</summary>
    public TimeSpan DistributedCacheTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    internal void CollectErrors(List<string> errors, string prefix)
    {
        if (MaxEntries < 1 || MaxNegativeEntries < 1)
        {
            errors.Add($"{prefix}MaxEntries and MaxNegativeEntries must be at least 1.");
        }

        if (DefaultLifetime <= TimeSpan.Zero || MaxLifetime < DefaultLifetime)
        {
            errors.Add($"{prefix}DefaultLifetime must be positive and MaxLifetime at least DefaultLifetime.");
        }

        if (NegativeLifetime < TimeSpan.Zero || NegativeLifetime > TimeSpan.FromHours(1))
        {
            errors.Add($"{prefix}NegativeLifetime must be between 0 and 1 h.");
        }

        if (RefreshBeforeExpiry is { } refresh && (refresh <= TimeSpan.Zero || refresh >= DefaultLifetime))
        {
            errors.Add($"{prefix}RefreshBeforeExpiry must be positive and shorter than DefaultLifetime.");
        }

        if (DistributedCacheTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}DistributedCacheTimeout must be positive.");
        }
    }
}
