using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// Policy of the hardened HTTPS fetcher used for x5u certificates and CRLs (ATIS-1000074 §5.3.1).
/// Secure by default: https only, ports 443/8443, no redirects, 64 KiB, 2 s connect and total
/// timeouts, special-purpose addresses (RFC 6890) refused, asynchronous DNS bounded in time and concurrency
/// with a per-host negative cache, and a bulkhead on concurrent downloads. Settable for options binding; do not
/// change an instance after a fetcher was built from it.
/// </summary>
public sealed class CertificateFetcherOptions
{
    /// <summary>
    /// Which URLs may be fetched (scheme, ports, length, no userinfo/query/fragment). The hosting
    /// integration hands this same instance to the verifier, so the x5u check before the fetch and the
    /// fetcher's own check cannot disagree. Default: a new secure <see cref="X5uUrlPolicy"/>.
    /// </summary>
    public X5uUrlPolicy UrlPolicy { get; set; } = new();

    /// <summary>
    /// Networks (CIDR, e.g. <c>127.0.0.1/32</c>, <c>10.20.0.0/16</c>) that may be reached although they are
    /// special-purpose (RFC 6890). Empty by default: loopback, private, link-local, CGNAT... are refused.
    /// </summary>
    public IList<string> AllowedPrivateNetworks { get; set; } = [];

    /// <summary>Maximum certificate body size in bytes. Default 64 KiB (a chain is 2–5 KiB).</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>TCP connect timeout (DNS included). Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Total time for one fetch: connect, TLS, headers and body. Default 2 s (Asterisk, libstirshaken).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// DNS servers to ask (<c>IP</c> or <c>IP:port</c>, e.g. <c>203.0.113.53</c>, <c>[2001:db8::53]:53</c>). Empty
    /// (default) = the host's configured servers (<c>/etc/resolv.conf</c> on Linux), never a public fallback.
    /// Names are resolved asynchronously (README "Hostile input"): no pool thread ever waits on DNS.
    /// </summary>
    public IList<string> DnsServers { get; set; } = [];

    /// <summary>
    /// Time for resolving one host name (two tries of half of it each). Default 1.5 s; the total
    /// <see cref="Timeout"/> still bounds the whole fetch.
    /// </summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// Most DNS lookups in flight at once; further lookups wait for a slot within their fetch <see cref="Timeout"/>
    /// and then fail (436). Default 32.
    /// </summary>
    public int MaxConcurrentDnsQueries { get; set; } = 32;

    /// <summary>How long a host whose name did not resolve is answered from memory (no new query). Default 30 s; zero = off.</summary>
    public TimeSpan DnsNegativeLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most hosts remembered as not resolving (least recently used dropped first). Default 4,096 (about 1 MiB).</summary>
    public int MaxNegativeHosts { get; set; } = 4096;

    /// <summary>
    /// The fetch bulkhead: most x5u/CRL downloads in flight at once. Further fetches wait for a slot within their
    /// <see cref="Timeout"/> and then fail with <see cref="CertificateFetchFailure.Timeout"/> (436). Verifications
    /// that need no download (cached chains) never wait here. Default 64.
    /// </summary>
    public int MaxConcurrentFetches { get; set; } = 64;

    /// <summary>The User-Agent sent. Default <c>StirShaken.Identity</c>.</summary>
    public string UserAgent { get; set; } = "StirShaken.Identity";

    /// <summary>
    /// TESTING ONLY: extra TLS roots trusted for the HTTPS connection instead of the system roots
    /// (a test server's self-signed certificate). Null in production, where the operating system's
    /// TLS roots are used. Unrelated to the STI-CA trust anchors that validate the signer.
    /// </summary>
    public IList<X509Certificate2>? TlsRootsForTesting { get; set; }

    /// <summary>Appends a description of each invalid setting to <paramref name="errors"/>.</summary>
    internal void CollectErrors(List<string> errors, string prefix)
    {
        if (UrlPolicy is null)
        {
            errors.Add($"{prefix}UrlPolicy must not be null.");
        }
        else
        {
            UrlPolicy.CollectErrors(errors, prefix + "UrlPolicy.");
        }

        foreach (var cidr in AllowedPrivateNetworks ?? [])
        {
            if (!System.Net.IPNetwork.TryParse(cidr?.Trim() ?? string.Empty, out _))
            {
                errors.Add($"{prefix}AllowedPrivateNetworks: '{cidr}' is not a CIDR network (e.g. 127.0.0.1/32).");
            }
        }

        if (MaxResponseBytes is < 1 or > 1024 * 1024)
        {
            errors.Add($"{prefix}MaxResponseBytes must be between 1 and 1 MiB.");
        }

        foreach (var server in DnsServers ?? [])
        {
            if (!System.Net.IPEndPoint.TryParse(server?.Trim() ?? string.Empty, out _))
            {
                errors.Add($"{prefix}DnsServers: '{server}' is not an IP address or IP:port.");
            }
        }

        if (DnsTimeout < TimeSpan.FromMilliseconds(2) || DnsTimeout > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{prefix}DnsTimeout must be between 2 ms and 60 s.");
        }

        if (MaxConcurrentDnsQueries is < 1 or > 10_000 || MaxConcurrentFetches is < 1 or > 10_000)
        {
            errors.Add($"{prefix}MaxConcurrentDnsQueries and MaxConcurrentFetches must be between 1 and 10,000.");
        }

        if (DnsNegativeLifetime < TimeSpan.Zero || DnsNegativeLifetime > TimeSpan.FromHours(1) || MaxNegativeHosts is < 1 or > 1_000_000)
        {
            errors.Add($"{prefix}DnsNegativeLifetime must be between 0 and 1 h and MaxNegativeHosts between 1 and 1,000,000.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{prefix}ConnectTimeout must be positive and at most 60 s.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{prefix}Timeout must be positive and at most 60 s.");
        }
    }
}
