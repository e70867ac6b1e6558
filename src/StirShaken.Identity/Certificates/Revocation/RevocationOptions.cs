namespace StirShaken.Identity.Certificates.Revocation;

/// <summary>CRL checking policy. Settable for options binding; do not change after a checker was built from it.</summary>
public sealed class RevocationOptions
{
    /// <summary>The policy. Default <see cref="RevocationMode.SoftFail"/> (see its remarks).</summary>
    public RevocationMode Mode { get; set; } = RevocationMode.SoftFail;

    /// <summary>
    /// Local CRL files (DER or PEM, regular files of at most <see cref="MaxCrlBytes"/>), loaded once at start. A local CRL whose issuer matches a
    /// certificate's issuer (or its CRL distribution point's cRLIssuer) is used instead of fetching.
    /// </summary>
    public IList<string> LocalCrlPaths { get; set; } = [];

    /// <summary>Fetch CRLs from the certificates' CRL distribution points (https, same hardened fetcher). Default true.</summary>
    public bool FetchCrls { get; set; } = true;

    /// <summary>Maximum CRL size in bytes. Default 1 MiB.</summary>
    public int MaxCrlBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest time a fetched CRL is kept before its nextUpdate forces a refetch. Default 24 h.</summary>
    public TimeSpan MaxCrlLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a failed CRL download is remembered before it is retried. Default 60 s.</summary>
    public TimeSpan NegativeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Maximum number of CRL URLs cached. Default 256.</summary>
    public int MaxCachedCrls { get; set; } = 256;

    /// <summary>
    /// Maximum failed CRL URLs remembered (<see cref="NegativeLifetime"/>), in their own LRU so failures never evict
    /// a good CRL (README "Hostile input"). Default 64.
    /// </summary>
    public int MaxNegativeCrls { get; set; } = 64;

    internal void CollectErrors(List<string> errors, string prefix)
    {
        foreach (var path in LocalCrlPaths ?? [])
        {
            if (!File.Exists(path))
            {
                errors.Add($"{prefix}LocalCrlPaths: '{path}' does not exist.");
            }
        }

        if (MaxCrlBytes is < 1 or > 64 * 1024 * 1024)
        {
            errors.Add($"{prefix}MaxCrlBytes must be between 1 and 64 MiB.");
        }

        if (MaxCrlLifetime <= TimeSpan.Zero || NegativeLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}MaxCrlLifetime and NegativeLifetime must be positive.");
        }

        if (MaxCachedCrls < 1 || MaxNegativeCrls < 1)
        {
            errors.Add($"{prefix}MaxCachedCrls and MaxNegativeCrls must be at least 1.");
        }
    }
}
