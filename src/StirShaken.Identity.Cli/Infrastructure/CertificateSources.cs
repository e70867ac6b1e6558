using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Cli;

/// <summary>
/// Builds the certificate source for <c>verify</c> and <c>inspect</c>. THE one place to swap in the
/// HTTPS fetcher: today a URL without <c>--cert URL=FILE</c> fails with 436 (NotFound).
/// </summary>
internal static class CertificateSources
{
    /// <summary>The x5u → chain map from <c>--cert URL=FILE</c>, then (later) the network.</summary>
    public static ICertificateSource Create(IReadOnlyDictionary<string, CertificateChain> localCertificates) =>
        new OfflineCertificateSource(localCertificates);

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

            var url = argument[..equals];
            var file = argument[(equals + 1)..];
            var bytes = InputFiles.ReadBytes(file, "--cert");
            if (!CertificateChain.TryParse(bytes, out var chain, out var error))
            {
                throw new UsageException($"--cert {url}: '{file}' is not a PEM or DER certificate chain: {error}");
            }

            chains[url] = chain!;
        }

        return chains;
    }

    /// <summary>Serves the <c>--cert</c> chains; every other URL is "not found" with a pointer to the README.</summary>
    private sealed class OfflineCertificateSource(IReadOnlyDictionary<string, CertificateChain> chains) : ICertificateSource
    {
        public ValueTask<CertificateFetchResult> GetCertificateChainAsync(string url, CancellationToken cancellationToken = default) =>
            new(url is not null && chains.TryGetValue(url, out var chain)
                ? CertificateFetchResult.Ok(chain)
                : CertificateFetchResult.Fail(CertificateFetchFailure.NotFound, $"no --cert given for {url} (network fetching: see README)"));
    }
}
