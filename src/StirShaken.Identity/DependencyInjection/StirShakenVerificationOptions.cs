using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.DependencyInjection;

/// <summary>
/// Everything <c>AddStirShakenVerification</c> needs (configuration section <c>StirShaken:Verification</c> in the README;
/// keys are the property paths). Every nested options object is a fresh instance per container. Validated at start.
/// </summary>
public sealed class StirShakenVerificationOptions
{
    /// <summary>STI-CA trust anchor files or folders (PEM/DER). Required unless <see cref="TrustAnchors"/> is set.</summary>
    public IList<string> TrustAnchorPaths { get; set; } = [];

    /// <summary>Trust anchors given in code (takes precedence over <see cref="TrustAnchorPaths"/>).</summary>
    public TrustAnchorStore? TrustAnchors { get; set; }

    /// <summary>
    /// Legacy RFC 4474 trust anchors: PEM/DER files or folders of the CAs that issue the domain certificates published at
    /// Identity-Info URLs (not STI-CAs). When any is given, RFC 4474 <c>Identity</c> + <c>Identity-Info</c> requests are
    /// verified (<see cref="StirShakenVerifierDependencies.LegacyTrustAnchors"/>; README "Legacy RFC 4474 (Identity-Info)").
    /// Empty by default: legacy requests are refused (438).
    /// </summary>
    public IList<string> LegacyTrustAnchorPaths { get; set; } = [];

    /// <summary>
    /// The hardened HTTPS fetcher policy (URL policy, SSRF allow-list, size, timeouts). Its
    /// <see cref="CertificateFetcherOptions.UrlPolicy"/> is also the verifier's x5u policy (ATIS-1000074 §5.3.1).
    /// </summary>
    public CertificateFetcherOptions Fetcher { get; set; } = new();

    /// <summary>The x5u cache policy (24 h ATIS default, bounds, negative cache, refresh).</summary>
    public CertificateCacheOptions Cache { get; set; } = new();

    /// <summary>
    /// Use the <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/> registered in the
    /// container (e.g. Redis) as the cache's second level, shared by the cluster. Default false.
    /// </summary>
    public bool UseDistributedCache { get; set; }

    /// <summary>CRL checking (default soft-fail).</summary>
    public RevocationOptions Revocation { get; set; } = new();

    /// <summary>Verifier policy (freshness window, identity required, Reason protocol...).</summary>
    public VerifierOptions Verifier { get; set; } = new();

    /// <summary>STI certificate profile checks.</summary>
    public CertificateValidationOptions CertificateValidation { get; set; } = new();

    /// <summary>
    /// Limits and HTTPS policy of the Rich Call Data content fetcher (<see cref="HttpsRichCallDataContentSource"/>;
    /// images 256 KiB, jCards 16 KiB, its own cache; README "Rich Call Data"). Used only when
    /// <see cref="RichCallDataOptions.FetchContent"/> (<c>Verifier:RichCallData:FetchContent</c>) is on, which it is
    /// not by default (RFC 9795 §8.2). Its <see cref="RichCallDataFetchOptions.Fetcher"/> is separate from
    /// <see cref="Fetcher"/>: allow-listing a private network for x5u does not open it to icon URLs.
    /// </summary>
    public RichCallDataFetchOptions RichCallDataFetch { get; set; } = new();
}
