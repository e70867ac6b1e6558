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
    /// <summary>The x5u → chain map from <c>--cert URL=FILE</c>, then the network (one fetcher and cache for the run, so a batch reuses them).</summary>
    /// <param name="localCertificates">The <c>--cert</c> chains.</param>
    /// <param name="urlPolicy">The x5u policy of the fetcher (https only unless <c>--insecure-http</c>); null = the secure default.</param>
    public static ICertificateSource Create(IReadOnlyDictionary<string, CertificateChain> localCertificates, X5uUrlPolicy? urlPolicy = null)
    {
        var source = new InMemoryCertificateSource(
            new CachingCertificateSource(new HttpsCertificateSource(new CertificateFetcherOptions { UrlPolicy = urlPolicy ?? X5uUrlPolicy.Default })));
        foreach (var (url, chain) in localCertificates)
        {
            source.Add(url, chain);
        }

        return source;
    }

    /// <summary>
    /// Parses every <c>--cert URL=FILE</c> and loads the PEM/DER chains. Split at the LAST '=' (a URL may contain '=',
    /// a file name rarely does); a file whose name contains '=' can be given as <c>./dir/a=b.pem</c> only when the URL has none.
    /// </summary>
    /// <exception cref="UsageException">Malformed argument, missing file, or not a certificate.</exception>
    public static Dictionary<string, CertificateChain> Load(IReadOnlyList<string> arguments)
    {
        var chains = new Dictionary<string, CertificateChain>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var equals = argument.LastIndexOf('=');
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
}
