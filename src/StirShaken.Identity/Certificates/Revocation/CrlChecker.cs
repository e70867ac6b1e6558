using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Diagnostics;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace StirShaken.Identity.Certificates.Revocation;

/// <summary>
/// CRL revocation checking (ATIS-1000074 §5.3.1: "revocation checked via CRL"; ATIS-1000080 CRL
/// distribution points). For the leaf and each intermediate with a CRL source: use a local CRL of
/// that issuer, else fetch the https CRL distribution point with the hardened fetcher (own bounded LRU
/// cache, kept until nextUpdate, single-flight, negative cache); verify the CRL signature with a key from the
/// trust anchor, or from a chain certificate whose signature leads to a trust anchor, whose subject
/// is the CRL issuer (direct CRLs and STI-PA-style indirect CRLs named by cRLIssuer); a certificate
/// that merely travels in the x5u body proves nothing; check thisUpdate/nextUpdate against the verification time; then look up
/// the serial. Revoked → <see cref="CertificateFailure.Revoked"/> (437). Unknown status follows
/// <see cref="RevocationOptions.Mode"/>. Thread-safe; never throws for network or content problems.
/// </summary>
public sealed class CrlChecker
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly RevocationOptions _options;
    private readonly BcCertificate[] _anchors;
    private readonly Signer[] _anchorSigners;
    private readonly IBoundedFetcher? _fetcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StirShakenMetrics? _metrics;
    private readonly ParsedCrl[] _local;
    private readonly LruCache<CrlEntry> _cache;

    // Failed CRL downloads in their own smaller LRU: they never evict a good CRL (README "Hostile input").
    private readonly LruCache<CrlEntry> _failures;
    private readonly SingleFlight<CrlEntry> _loads = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _unknownLogged = new(StringComparer.Ordinal);

    /// <summary>How often the "revocation unknown" warning is repeated for one certificate.</summary>
    internal static readonly TimeSpan UnknownLogPeriod = TimeSpan.FromMinutes(10);
    private readonly ConditionalWeakTable<CertificateChain, ConvertedChain> _converted = new();

    /// <summary>Creates a checker.</summary>
    /// <param name="options">Policy and local CRL files.</param>
    /// <param name="trustAnchors">STI-CA anchors (CRL signers may be anchors).</param>
    /// <param name="fetcher">The hardened HTTPS fetcher for CRL distribution points; null = local CRLs only.</param>
    /// <param name="timeProvider">Clock for the CRL cache; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="metrics">Metrics.</param>
    /// <exception cref="InvalidDataException">A local CRL file is not a CRL (configuration errors are loud).</exception>
    public CrlChecker(RevocationOptions options, TrustAnchorStore trustAnchors, HttpsCertificateSource? fetcher = null, TimeProvider? timeProvider = null, ILogger? logger = null, StirShakenMetrics? metrics = null)
        : this(options, trustAnchors, fetcher?.Fetcher, timeProvider, logger, metrics)
    {
    }

    /// <summary>Creates a checker over any bounded fetcher (the HTTPS one, or a fake in tests).</summary>
    internal CrlChecker(RevocationOptions options, TrustAnchorStore trustAnchors, IBoundedFetcher? fetcher, TimeProvider? timeProvider, ILogger? logger, StirShakenMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(trustAnchors);
        _options = options;
        _cache = new LruCache<CrlEntry>(Math.Max(1, options.MaxCachedCrls));
        _failures = new LruCache<CrlEntry>(Math.Max(1, options.MaxNegativeCrls));
        var parser = new X509CertificateParser();
        _anchors = [.. trustAnchors.Anchors.Select(a => parser.ReadCertificate(a.RawData))];
        _anchorSigners = [.. _anchors.Select(a => new Signer(a, isAnchor: true))];
        _fetcher = fetcher;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _local = [.. (options.LocalCrlPaths ?? []).Select(path =>
            ParsedCrl.TryParse(BoundedFile.ReadAllBytes(path, options.MaxCrlBytes, "CRL file"), path, out var error) ?? throw new InvalidDataException($"CRL file '{path}': {error}"))];
    }

    /// <summary>The policy.</summary>
    public RevocationOptions Options => _options;

    /// <summary>CRLs cached / failures remembered (for tests).</summary>
    internal (int Crls, int Failures) CacheCounts => (_cache.Count, _failures.Count);

    /// <summary>Checks every non-anchor certificate of <paramref name="chain"/> at <paramref name="at"/>.</summary>
    public async ValueTask<RevocationCheckResult> CheckAsync(CertificateChain chain, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (_options.Mode == RevocationMode.Off)
        {
            return RevocationCheckResult.Good;
        }

        using var activity = StirShakenDiagnostics.ActivitySource.StartActivity("stirshaken.crl");
        Checked[] certificates;
        Signer[] signers;
        try
        {
            (certificates, signers) = _converted.GetValue(chain, Convert);
        }
#pragma warning disable CA1031 // The chain was validated already; a conversion problem is "unknown", not a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Unknown(chain, $"the chain could not be read for revocation checking: {e.Message}");
        }

        string? unknown = null;
        foreach (var certificate in certificates)
        {
            var (status, detail) = await CheckOneAsync(certificate, signers, at, cancellationToken).ConfigureAwait(false);
            if (status == Status.Revoked)
            {
                CertificateLog.CertificateRevoked(_logger, certificate.Subject, certificate.Certificate.SerialNumber.ToString(16));
                activity?.SetTag("stirshaken.revocation", "revoked");
                return new RevocationCheckResult(CertificateFailure.Revoked, detail, false);
            }

            if (status == Status.Unknown)
            {
                unknown ??= detail;
            }
        }

        activity?.SetTag("stirshaken.revocation", unknown is null ? "good" : "unknown");
        return unknown is null ? RevocationCheckResult.Good : Unknown(chain, unknown);
    }

    private RevocationCheckResult Unknown(CertificateChain chain, string detail)
    {
        // Logged once per certificate per UnknownLogPeriod (a CRL host down would otherwise log on every call); the
        // verification metric still counts every call.
        var now = _time.GetUtcNow();
        var thumbprint = chain.Leaf.Thumbprint;
        if (!_unknownLogged.TryGetValue(thumbprint, out var last) || now - last >= UnknownLogPeriod)
        {
            if (_unknownLogged.Count >= 4_096)
            {
                _unknownLogged.Clear();
            }

            _unknownLogged[thumbprint] = now;
            CertificateLog.RevocationUnknown(_logger, chain.Leaf.Subject, _options.Mode.ToString(), detail);
        }

        return _options.Mode == RevocationMode.HardFail
            ? new RevocationCheckResult(CertificateFailure.RevocationUnknown, $"revocation status unknown (hard-fail policy): {detail}", true)
            : new RevocationCheckResult(CertificateFailure.None, $"revocation status unknown, accepted (soft-fail policy): {detail}", true);
    }

    private async ValueTask<(Status Status, string? Detail)> CheckOneAsync(Checked @checked, Signer[] authenticated, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (certificate, subject, urls, issuerNames, required) = @checked;

        var crl = _local.Where(c => issuerNames.Any(n => n.Equivalent(c.Crl.IssuerDN))).MaxBy(c => c.ThisUpdate);
        if (crl is null)
        {
            var url = urls.FirstOrDefault(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
            if (url is null || !_options.FetchCrls || _fetcher is null)
            {
                var why = urls.Count == 0 ? "it has no CRL distribution point" : url is null ? $"no https CRL distribution point ({string.Join(", ", urls)})" : "CRL fetching is disabled";
                return required ? (Status.Unknown, $"'{subject}': no local CRL for its issuer and {why}") : (Status.NotApplicable, null);
            }

            var entry = await GetCrlAsync(url, cancellationToken).ConfigureAwait(false);
            if (entry.Crl is null)
            {
                return (Status.Unknown, $"'{subject}': the CRL at <{url}> is unavailable: {entry.Error}");
            }

            crl = entry.Crl;
        }

        if (!issuerNames.Any(n => n.Equivalent(crl.Crl.IssuerDN)))
        {
            return (Status.Unknown, $"'{subject}': the CRL from {crl.Source} is issued by '{crl.Crl.IssuerDN}', not by the certificate's issuer or cRLIssuer");
        }

        if (!authenticated.Any(s => s.Certificate.SubjectDN.Equivalent(crl.Crl.IssuerDN) && CanSignCrl(s.Certificate) && crl.VerifiedBy(s.Certificate, s.Id)))
        {
            return (Status.Unknown, $"'{subject}': the signature of the CRL from {crl.Source} does not verify with any trust anchor, or chain certificate issued under one, named '{crl.Crl.IssuerDN}'");
        }

        if (crl.ThisUpdate > at + ClockSkew)
        {
            return (Status.Unknown, $"'{subject}': the CRL from {crl.Source} is not valid before {crl.ThisUpdate:O}");
        }

        if (crl.NextUpdate is { } next && next < at)
        {
            return (Status.Unknown, $"'{subject}': the CRL from {crl.Source} is stale (nextUpdate {next:O})");
        }

        return crl.IsRevoked(certificate.SerialNumber)
            ? (Status.Revoked, $"certificate '{subject}' (serial {certificate.SerialNumber.ToString(16)}) is revoked by the CRL from {crl.Source}")
            : (Status.Good, null);
    }

    private async ValueTask<CrlEntry> GetCrlAsync(string url, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGet(url, now, out var cached) || _failures.TryGet(url, now, out cached))
        {
            _metrics?.CacheHit("crl", cached.Crl is null ? "negative" : "memory");
            return cached;
        }

        _metrics?.CacheMiss("crl");
        return await _loads.Run(url, () => LoadAsync(url)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<CrlEntry> LoadAsync(string url)
    {
        var fetched = await _fetcher!.GetAsync(url, "crl", _options.MaxCrlBytes, "application/pkix-crl, */*", CancellationToken.None).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        CrlEntry entry;
        if (fetched.Body is null)
        {
            entry = new CrlEntry(null, $"{fetched.Failure}: {fetched.Detail}", now + _options.NegativeLifetime);
        }
        else if (ParsedCrl.TryParse(fetched.Body, $"<{url}>", out var error) is not { } crl)
        {
            entry = new CrlEntry(null, error, now + _options.NegativeLifetime);
        }
        else
        {
            // Kept until nextUpdate (bounded); a CRL already past nextUpdate is retried soon.
            var expires = now + _options.MaxCrlLifetime;
            if (crl.NextUpdate is { } next)
            {
                expires = next <= now ? now + _options.NegativeLifetime : next < expires ? next : expires;
            }

            entry = new CrlEntry(crl, null, expires);
        }

        if (entry.Crl is null)
        {
            _failures.Set(url, entry, entry.ExpiresAt);
        }
        else
        {
            _failures.Remove(url);
            _cache.Set(url, entry, entry.ExpiresAt);
        }

        return entry;
    }

    /// <summary>
    /// Parses the chain once and finds which of its certificates may sign CRLs: the trust anchors, and
    /// every chain certificate whose signature verifies with an anchor or, transitively, with an
    /// already authenticated CA certificate of the chain. Unauthenticated extras in the body are left out.
    /// </summary>
    private ConvertedChain Convert(CertificateChain chain)
    {
        var parser = new X509CertificateParser();
        BcCertificate[] certificates = [.. chain.RawData.Select(der => parser.ReadCertificate(der))];
        var authenticated = new List<Signer>(_anchorSigners);
        var pending = certificates.Where(c => !Array.Exists(_anchors, a => a.Equals(c))).ToList();

        // Everything a check needs that does not depend on the CRL or the time, parsed once per chain (not per call).
        var toCheck = new List<Checked>(pending.Count);
        for (var i = 0; i < certificates.Length; i++)
        {
            if (pending.Contains(certificates[i]))
            {
                var (urls, crlIssuers) = DistributionPoints(certificates[i]);
                toCheck.Add(new Checked(certificates[i], certificates[i].SubjectDN.ToString(), urls, [certificates[i].IssuerDN, .. crlIssuers], Required: i == 0));
            }
        }

        bool added;
        do
        {
            added = false;
            for (var i = pending.Count - 1; i >= 0; i--)
            {
                var candidate = pending[i];
                if (authenticated.Exists(s => s.IsCa && s.Certificate.SubjectDN.Equivalent(candidate.IssuerDN) && SignedBy(candidate, s.Certificate)))
                {
                    authenticated.Add(new Signer(candidate, isAnchor: false));
                    pending.RemoveAt(i);
                    added = true;
                }
            }
        }
        while (added);

        return new ConvertedChain([.. toCheck], [.. authenticated]);
    }

    private static bool SignedBy(BcCertificate certificate, BcCertificate issuer)
    {
        try
        {
            certificate.Verify(issuer.GetPublicKey());
            return true;
        }
#pragma warning disable CA1031 // A bad signature is an answer, not an error.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static bool CanSignCrl(BcCertificate certificate)
    {
        var usage = certificate.GetKeyUsage();
        return usage is null || (usage.Length > 6 && usage[6]);
    }

    private static (List<string> Urls, List<X509Name> CrlIssuers) DistributionPoints(BcCertificate certificate)
    {
        var urls = new List<string>();
        var issuers = new List<X509Name>();
        var value = certificate.GetExtensionValue(X509Extensions.CrlDistributionPoints);
        if (value is null)
        {
            return (urls, issuers);
        }

        foreach (var point in CrlDistPoint.GetInstance(X509ExtensionUtilities.FromExtensionValue(value)).GetDistributionPoints())
        {
            if (point.DistributionPointName is { Type: DistributionPointName.FullName } name)
            {
                urls.AddRange(GeneralNames.GetInstance(name.Name).GetNames()
                    .Where(n => n.TagNo == GeneralName.UniformResourceIdentifier)
                    .Select(n => DerIA5String.GetInstance(n.Name).GetString()));
            }

            if (point.CrlIssuer is { } crlIssuer)
            {
                issuers.AddRange(crlIssuer.GetNames().Where(n => n.TagNo == GeneralName.DirectoryName).Select(n => X509Name.GetInstance(n.Name)));
            }
        }

        return (urls, issuers);
    }

    private enum Status
    {
        Good,
        Revoked,
        Unknown,
        NotApplicable,
    }

    private sealed record ConvertedChain(Checked[] Certificates, Signer[] Signers);

    /// <summary>A non-anchor chain certificate to check; <paramref name="Required"/> for the leaf (no CRL source = unknown).</summary>
    private sealed record Checked(BcCertificate Certificate, string Subject, List<string> Urls, X509Name[] IssuerNames, bool Required);

    /// <summary>A certificate allowed to sign CRLs, with its memoization id (DER hex) computed once.</summary>
    private sealed class Signer(BcCertificate certificate, bool isAnchor)
    {
        public BcCertificate Certificate { get; } = certificate;

        public string Id { get; } = System.Convert.ToHexString(certificate.GetEncoded());

        // Anchors are trusted as issuers whatever they say; chain certificates only when they are CAs.
        public bool IsCa { get; } = isAnchor || certificate.GetBasicConstraints() >= 0;
    }

    private sealed record CrlEntry(ParsedCrl? Crl, string? Error, DateTimeOffset ExpiresAt);
}
