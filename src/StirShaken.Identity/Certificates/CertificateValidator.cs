using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// Validates an STI certificate chain (RFC 8226, ATIS-1000080, RFC 5280 path validation) against
/// the configured trust anchors at a given time. Thread-safe and reusable; never throws on
/// malformed certificates.
/// </summary>
public sealed partial class CertificateValidator
{
    private readonly TrustAnchorStore _trustAnchors;
    private readonly CertificateValidationOptions _options;
    private readonly X509Certificate2[] _anchors;
    private readonly HashSet<string>? _acceptedPolicies;

    // Validation result per chain instance (the cache hands out the same instance): only valid
    // outcomes, with the path's validity window, so each use re-checks time without rebuilding.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CertificateChain, CachedValidation> _validated = new();

    /// <summary>Creates a validator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CertificateValidationOptions.MaxChainLength"/> is below 2 (leaf + anchor).</exception>
    public CertificateValidator(TrustAnchorStore trustAnchors, CertificateValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trustAnchors);
        _trustAnchors = trustAnchors;
        _options = options ?? CertificateValidationOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxChainLength, 2, nameof(options));
        _anchors = [.. trustAnchors.Anchors];

        // Snapshot the set: options are init-only but the collection behind them may not be.
        if (_options.AcceptedPolicyOids is { Count: > 0 } accepted)
        {
            _acceptedPolicies = new HashSet<string>(accepted, StringComparer.Ordinal);
        }
    }

    /// <summary>The trust anchors.</summary>
    public TrustAnchorStore TrustAnchors => _trustAnchors;

    /// <summary>The options.</summary>
    public CertificateValidationOptions Options => _options;

    /// <summary>
    /// Builds leaf → intermediates (from <paramref name="chain"/>) → anchor and checks signatures,
    /// validity at <paramref name="at"/>, basic constraints and key usage, the P-256 leaf key,
    /// TNAuthList (SPC), and the optional CN and policy rules.
    /// </summary>
    /// <remarks>
    /// Failures are reported in this order: trust (path and signatures), validity period, key usage and
    /// basic constraints, chain length, then the STI leaf profile. Malformed certificates yield
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
            var result = ValidatePath(chain, at, out var window) ?? ValidateLeafProfile(leaf);
            if (result.IsValid)
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
