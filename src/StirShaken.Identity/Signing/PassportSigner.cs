using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Signing;

/// <summary>
/// The STIR authentication service (RFC 8224 §5): signs PASSporTs of any type (RFC 8225 §6) with
/// <see cref="Sign(PassportHeader, PassportClaims)"/>, and SHAKEN PASSporTs and Identity header values
/// (RFC 8588, ATIS-1000074 §5.3) with the convenience methods, using a P-256 key whose certificate is
/// published at <see cref="X5u"/>. Thread-safe; create one per key and share it.
/// </summary>
public sealed partial class PassportSigner : IDisposable
{
    private readonly ECDsa _key;
    private readonly bool _ownsKey;
    private readonly SignatureProvider _provider;
    private readonly TimeProvider _time;

    private static readonly CryptoProviderFactory Providers = new() { CacheSignatureProviders = false };

    /// <summary>Creates a signer.</summary>
    /// <param name="privateKey">An EC P-256 private key. The signer does not dispose it.</param>
    /// <param name="x5u">The HTTPS URL where the certificate chain is published (becomes <c>x5u</c> and <c>info</c>).</param>
    /// <param name="timeProvider">Clock for <c>iat</c> and Date; <see cref="TimeProvider.System"/> when null.</param>
    public PassportSigner(ECDsa privateKey, string x5u, TimeProvider? timeProvider = null)
        : this(privateKey, x5u, timeProvider, ownsKey: false)
    {
    }

    private PassportSigner(ECDsa privateKey, string x5u, TimeProvider? timeProvider, bool ownsKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentException.ThrowIfNullOrEmpty(x5u);
        if (privateKey.KeySize != 256 || !IsP256(privateKey))
        {
            // Checked here so a secp256k1 (or other 256-bit) key fails with our message, not IdentityModel's IDX10645.
            throw new ArgumentException($"ES256 requires a P-256 (secp256r1) key (RFC 7518 §3.4); this key is on {CurveName(privateKey)}.", nameof(privateKey));
        }

        if (!Uri.TryCreate(x5u, UriKind.Absolute, out _))
        {
            throw new ArgumentException("x5u must be an absolute URL.", nameof(x5u));
        }

        _key = privateKey;
        _ownsKey = ownsKey;
        X5u = x5u;
        _time = timeProvider ?? TimeProvider.System;
        // IdentityModel's ES256 provider emits the JWS R||S form; the verifier checks it with the platform ECDsa.
        // Not the shared cache of CryptoProviderFactory.Default: it keys providers by key material, so disposing one signer
        // would hand a provider over a disposed key to another signer built from the same key file.
        _provider = Providers.CreateForSigning(new ECDsaSecurityKey(privateKey), SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>The certificate URL put in <c>x5u</c> and <c>info</c>.</summary>
    public string X5u { get; }

    /// <summary>Creates a signer from a PKCS#8 or SEC1 PEM private key.</summary>
    public static PassportSigner FromPem(string privateKeyPem, string x5u, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
            return new PassportSigner(key, x5u, timeProvider, ownsKey: true);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Signs any PASSporT (RFC 8225 §6: canonical JSON per §9, ES256 per RFC 7518 §3.4): SHAKEN, <c>div</c>
    /// (RFC 8946 §3), or a base PASSporT; the extension is the header's <c>ppt</c>.
    /// </summary>
    /// <param name="header">The JOSE header; its <c>x5u</c> must be this signer's <see cref="X5u"/> and its <c>alg</c> <c>ES256</c>.</param>
    /// <param name="claims">The claims, serialized canonically.</param>
    /// <returns>The full-form token.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="header"/> or <paramref name="claims"/> is null.</exception>
    /// <exception cref="ArgumentException">The header's <c>x5u</c> or <c>alg</c> does not match this signer.</exception>
    public PassportToken Sign(PassportHeader header, PassportClaims claims)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(claims);
        if (!string.Equals(header.X5u, X5u, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The header's x5u must be this signer's certificate URL '{X5u}'.", nameof(header));
        }

        if (header.Alg != JoseAlgorithms.ES256)
        {
            throw new ArgumentException($"The header's alg must be {JoseAlgorithms.ES256} (RFC 8225 §4.2).", nameof(header));
        }

        return PassportToken.Sign(header, claims, _provider.Sign);
    }

    /// <summary>Creates and signs a full-form SHAKEN PASSporT (RFC 8588 §4: attest and origid).</summary>
    /// <exception cref="ArgumentException">A number in the request has no digit, or there is no destination.</exception>
    public PassportToken CreatePassport(SigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = new PassportHeader(X5u, PassportTypes.Shaken);
        var orig = Canonical(request.OrigTn, nameof(request.OrigTn));
        var dest = request.DestTns.Select(d => Canonical(d, nameof(request.DestTns))).Distinct(StringComparer.Ordinal).ToArray();
        if (dest.Length == 0)
        {
            throw new ArgumentException("At least one destination number is required.", nameof(request));
        }

        var iat = (request.IssuedAt ?? _time.GetUtcNow()).ToUnixTimeSeconds();
        var claims = new PassportClaims(PassportIdentity.FromTn(orig), dest, iat)
        {
            Attest = request.Attestation.ToString(),
            OrigId = request.OrigId ?? Guid.NewGuid().ToString(),
        };
        return Sign(header, claims);
    }

    /// <summary>
    /// Creates an Identity header value: <c>&lt;jws&gt;;info=&lt;x5u&gt;;alg=ES256;ppt=shaken</c>
    /// (RFC 8224 §4), or the compact form <c>..&lt;signature&gt;;...</c> when <paramref name="compact"/>.
    /// </summary>
    public string CreateIdentityHeader(SigningRequest request, bool compact = false) => CreateIdentityHeader(CreatePassport(request), compact);

    /// <summary>
    /// Formats the Identity header value of a token this signer signed (RFC 8224 §4, see
    /// <see cref="IdentityHeader.Format"/>): <c>info</c> is <see cref="X5u"/>, <c>alg</c> and <c>ppt</c> come from the token's header.
    /// </summary>
    /// <param name="token">A token whose header <c>x5u</c> is <see cref="X5u"/>, e.g. from <see cref="Sign(PassportHeader, PassportClaims)"/>.</param>
    /// <param name="compact">Write the compact form <c>..signature</c> (RFC 8225 §7) instead of the full form.</param>
    /// <exception cref="ArgumentException">The token's <c>x5u</c> is not <see cref="X5u"/>, or its <c>alg</c> is absent.</exception>
    public string CreateIdentityHeader(PassportToken token, bool compact = false)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!string.Equals(token.Header.X5u, X5u, StringComparison.Ordinal) || token.Header.Alg is null)
        {
            throw new ArgumentException($"The token's x5u must be '{X5u}' and its alg present.", nameof(token));
        }

        return IdentityHeader.Format(compact ? token.CompactForm : token.FullForm, X5u, token.Header.Alg, token.Header.Ppt);
    }

    /// <summary>
    /// Signs a SIP request: orig from P-Asserted-Identity (else From), dest from To, <c>iat</c> from the
    /// Date header (added when absent, RFC 8224 §4.1), and adds the Identity header.
    /// </summary>
    /// <exception cref="ArgumentException">The request has no telephone number in PAI/From or To.</exception>
    public SipMessage Sign(SipMessage request, Attestation attestation, string? origId = null, bool compact = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The same reading of the request as the verifier's (ATIS-1000074 §5.3.1: PAI when present, else From).
        var call = CallIdentities.FromMessage(request);
        var orig = call.FirstOrigTn ?? throw new ArgumentException($"The request has no telephone number in {call.OrigSource}.", nameof(request));
        var dest = call.FirstDestTn ?? throw new ArgumentException("The request has no telephone number in To.", nameof(request));

        // RFC 8224 §4.1: iat is the Date; a missing or unparseable Date is replaced by one for now.
        var issuedAt = call.Date ?? _time.GetUtcNow();
        var message = call.HasValidDate ? request : request.WithHeaderReplaced(SipHeaderNames.Date, SipDate.Format(issuedAt));

        var value = CreateIdentityHeader(new SigningRequest(orig, [dest], attestation) { OrigId = origId, IssuedAt = issuedAt }, compact);
        return message.WithHeaderAdded(SipHeaderNames.Identity, value);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Providers.ReleaseSignatureProvider(_provider);
        if (_ownsKey)
        {
            _key.Dispose();
        }
    }

    private static bool IsP256(ECDsa key)
    {
        try
        {
            var curve = key.ExportParameters(false).Curve;
            return curve.IsNamed && (curve.Oid.Value == "1.2.840.10045.3.1.7" || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1");
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string CurveName(ECDsa key)
    {
        try
        {
            var oid = key.ExportParameters(false).Curve.Oid;
            return oid.FriendlyName ?? oid.Value ?? "an unnamed curve";
        }
        catch (CryptographicException)
        {
            return "an unknown curve";
        }
    }


    private static string Canonical(string tn, string name)
    {
        var canonical = TelephoneNumber.Canonicalize(tn);
        return canonical.Length > 0 ? canonical : throw new ArgumentException($"'{tn}' is not a telephone number.", name);
    }
}
