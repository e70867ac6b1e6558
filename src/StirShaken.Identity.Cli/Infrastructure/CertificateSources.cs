using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Cli;

/// <summary>
/// Builds the certificate source for <c>verify</c>: the <c>--cert URL=FILE</c> chains first, every
/// other URL over the network with the library's hardened HTTPS fetcher (SSRF filter, 64 KiB, 2 s)
/// behind its HTTP-aware cache, so a batch fetches each x5u once.
/// </summary>
internal static class CertificateSources
{
    // One fetcher and cache for the whole process (a batch reuses them); they live until exit.
    private static readonly Lazy<ICertificateSource> Network = new(() => new CachingCertificateSource(new HttpsCertificateSource()));

    /// <summary>The x5u → chain map from <c>--cert URL=FILE</c>, then the network.</summary>
    public static ICertificateSource Create(IReadOnlyDictionary<string, CertificateChain> localCertificates) =>
        new LocalThenNetworkSource(localCertificates);

    /// <summary>Parses every <c>--cert URL=FILE</c> (split at the first '=') and loads the PEM/DER chains.</summary>
    /// <exception cref="UsageException">Malformed argument, missing file, or not a certificate.</exception>
    public static Dictionary<string, CertificateChain> Load(IReadOnlyList<string> arguments)
    {
        var chains = new Dictionary<string, CertificateChain>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == argument.Length - 1)
            {
                throw new UsageException($"--cert expects URL=FILE, got '{argument}'");
            }

            var url = InputFiles.RequirePrintableUrl(argument[..equals], "--cert");
            var file = argument[(equals + 1)..];
            var bytes = InputFiles.ReadBytes(file, "--cert", InputFiles.MaxChainBytes);
            var parsed = CertificateChain.TryParse(bytes);
            if (!parsed.IsSuccess)
            {
                throw new UsageException($"--cert {url}: '{file}' is not a PEM or DER certificate chain: {parsed.Error.Message}");
            }

            chains[url] = parsed.Value;
        }

        return chains;
    }

    /// <summary>Serves the <c>--cert</c> chains; every other URL goes to the HTTPS fetcher.</summary>
    private sealed class LocalThenNetworkSource(IReadOnlyDictionary<string, CertificateChain> chains) : ICertificateSource
    {
        public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default) =>
            url is not null && chains.TryGetValue(url, out var chain)
                ? new(CertificateFetchResult.Ok(chain))
                : Network.Value.GetCertificateChainAsync(url!, cancellationToken);
    }
}
