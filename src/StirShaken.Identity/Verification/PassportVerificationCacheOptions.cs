namespace StirShaken.Identity.Verification;

/// <summary>
/// The result cache for repeated Identity headers (README "Repeats and replays"): whether a verifier uses it, and the
/// bounds of the cache it creates (or that the hosting integration shares between verifiers). Configuration keys
/// <c>Verifier:ResultCache:Enabled</c>, <c>Verifier:ResultCache:MaxEntries</c>...
/// </summary>
public sealed class PassportVerificationCacheOptions
{
    /// <summary>A NEW instance with the defaults on every call (never shared).</summary>
    public static PassportVerificationCacheOptions Default => new();

    /// <summary>
    /// Whether verified PASSporTs are remembered, so that the same Identity header value arriving again is answered
    /// without decoding it, fetching or validating the certificate again, or verifying the ES256 signature again. Every
    /// check that depends on the request or on the time is still run on each request (orig, dest, <c>iat</c> and Date
    /// freshness, certificate validity now, revocation). Default true.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most verdicts kept (least recently used evicted first). Default 10,000. At least 1.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>
    /// The most memory the entries may hold, in bytes, as estimated from each header value's length (1 KiB + 8 bytes per
    /// character: the value, its decoded PASSporT and the parsed header). Default 32 MiB. At least 64 KiB.
    /// </summary>
    public long MaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// How long a verdict is kept at most. It is never kept past its certificate chain's earliest <c>notAfter</c>, nor,
    /// for a PASSporT that binds the call (SHAKEN), past <c>iat</c> + <see cref="VerifierOptions.MaxAge"/> (after which
    /// the freshness check refuses it anyway). Default 60 s. Positive.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Identity header values longer than this (in characters) are never cached. Default 4,096. At least 64.</summary>
    public int MaxValueLength { get; set; } = 4_096;

    /// <summary>Validates the options; throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (MaxEntries < 1)
        {
            throw new ArgumentException("ResultCache.MaxEntries must be at least 1.", nameof(MaxEntries));
        }

        if (MaxBytes < 64 * 1024)
        {
            throw new ArgumentException("ResultCache.MaxBytes must be at least 65536.", nameof(MaxBytes));
        }

        if (MaxLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("ResultCache.MaxLifetime must be positive.", nameof(MaxLifetime));
        }

        if (MaxValueLength < 64)
        {
            throw new ArgumentException("ResultCache.MaxValueLength must be at least 64.", nameof(MaxValueLength));
        }
    }
}
