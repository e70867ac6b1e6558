using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// Validates a signer certificate chain: RFC 5280 §6 path validation to the configured trust anchors at
/// a given time (signatures, validity, CA basic constraints and key usage, chain length), then the leaf
/// profile (<see cref="ICertificateProfile"/>; by default <see cref="StiCertificateProfile"/>, ATIS-1000080 and
/// RFC 8226). Valid outcomes are remembered per chain instance until the path's validity window ends.
/// Thread-safe and reusable; never throws on malformed certificates.
/// </summary>
/// <remarks>
/// Each validator has one <see cref="TrustAnchorStore"/>; use <see cref="TrustAnchorStore.Combine"/> to trust
/// several, and separate validators for separate trust domains (STI-CA roots vs. legacy domain roots).
/// </remarks>
public sealed partial class CertificateValidator
{
    private readonly TrustAnchorStore _trustAnchors;
    private readonly ICertificateProfile _profile;
    private readonly CertificateValidationOptions _options;
    private readonly X509Certificate2[] _anchors;
    private readonly HashSet<string> _understoodCriticalExtensions;

    // Validation result per chain instance (the cache hands out the same instance): only valid
    // outcomes, with the path's validity window, so each use re-checks time without rebuilding.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CertificateChain, CachedValidation> _validated = new();

    /// <summary>Creates a validator with the STI profile (<see cref="StiCertificateProfile"/> over <paramref name="options"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CertificateValidationOptions.MaxChainLength"/> is below 2 (leaf + anchor).</exception>
    public CertificateValidator(TrustAnchorStore trustAnchors, CertificateValidationOptions? options = null)
        : this(trustAnchors, new StiCertificateProfile(options), options)
    {
    }

    /// <summary>
    /// Creates a validator with any leaf profile. Of <paramref name="options"/> only
    /// <see cref="CertificateValidationOptions.MaxChainLength"/> is used here (the other members configure
    /// <see cref="StiCertificateProfile"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CertificateValidationOptions.MaxChainLength"/> is below 2 (leaf + anchor).</exception>
    public CertificateValidator(TrustAnchorStore trustAnchors, ICertificateProfile profile, CertificateValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trustAnchors);
        ArgumentNullException.ThrowIfNull(profile);
        _trustAnchors = trustAnchors;
        _profile = profile;
        _options = options ?? CertificateValidationOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxChainLength, 2, nameof(options));
        _anchors = [.. trustAnchors.Anchors];
        _understoodCriticalExtensions = new HashSet<string>(PathCriticalExtensions, StringComparer.Ordinal);
        _understoodCriticalExtensions.UnionWith(profile.HandledCriticalExtensions ?? []);
    }

    /// <summary>The trust anchors.</summary>
    public TrustAnchorStore TrustAnchors => _trustAnchors;

    /// <summary>The leaf profile.</summary>
    public ICertificateProfile Profile => _profile;

    /// <summary>The options.</summary>
    public CertificateValidationOptions Options => _options;

    /// <summary>
    /// Builds leaf → intermediates (from <paramref name="chain"/>) → anchor and checks signatures,
    /// validity at <paramref name="at"/>, basic constraints and key usage of the CAs, the chain length
    /// (RFC 5280 §6), then the leaf against <see cref="Profile"/> (for STI: the P-256 key, TNAuthList with
    /// SPC, and the optional CN and policy rules).
    /// </summary>
    /// <remarks>
    /// Failures are reported in this order: trust (path and signatures), validity period, key usage and
    /// basic constraints, chain length, then the leaf profile. Malformed certificates yield
    /// <see cref="CertificateFailure.Untrusted"/> with a detail; the method does not throw for them.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> is null.</exception>
    public CertificateValidationResult Validate(CertificateChain chain, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var leaf = chain.Leaf;
        if (_validated.TryGetValue(chain, out var cached) && at >= cached.NotBefore && at <= cached.NotAfter)
        {
            return cached.Result;
        }

        try
        {
            var result = ValidatePath(chain, at, out var window) ?? _profile.Validate(leaf);
            if (result.IsSuccess)
            {
                _validated.AddOrUpdate(chain, new CachedValidation(result, window.NotBefore, window.NotAfter));
            }

            return result;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException
            or InvalidOperationException or InvalidCastException or IOException or NotSupportedException or OverflowException)
        {
            return CertificateValidationResult.Invalid(
                CertificateFailure.Untrusted,
                $"certificate chain for '{SafeSubject(leaf)}' could not be processed: {e.Message}",
                leaf);
        }
    }

    private static string Subject(X509Certificate2 certificate) => certificate.Subject;

    private sealed record CachedValidation(CertificateValidationResult Result, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

    private static string SafeSubject(X509Certificate2 certificate)
    {
        try
        {
            return certificate.Subject;
        }
        catch (CryptographicException)
        {
            return "(unreadable subject)";
        }
    }

    private static string FormatTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
