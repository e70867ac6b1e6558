using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// Policy of the hardened HTTPS fetcher used for x5u certificates and CRLs (ATIS-1000074 §5.3.1).
/// Secure by default: https only, ports 443/8443, no redirects, 64 KiB, 2 s connect and total
/// timeouts, special-purpose addresses (RFC 6890) refused. Settable for options binding; do not
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
