using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Signing;

/// <summary>
/// The STIR authentication service (RFC 8224 §5, RFC 8588): creates SHAKEN PASSporTs and Identity
/// header values with a P-256 key whose certificate is published at <see cref="X5u"/>.
/// Thread-safe; create one per key and share it.
/// </summary>
public sealed class PassportSigner : IDisposable
{
    private readonly ECDsa _key;
    private readonly bool _ownsKey;
    private readonly SignatureProvider _provider;
    private readonly TimeProvider _time;

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
        if (privateKey.KeySize != 256)
        {
            throw new ArgumentException("ES256 requires a P-256 key.", nameof(privateKey));
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
        _provider = CryptoProviderFactory.Default.CreateForSigning(new ECDsaSecurityKey(privateKey), SecurityAlgorithms.EcdsaSha256);
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

    /// <summary>Creates and signs a full-form SHAKEN PASSporT.</summary>
    public PassportToken CreatePassport(SigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = new PassportHeader(X5u);
        var orig = Canonical(request.OrigTn, nameof(request.OrigTn));
        var dest = request.DestTns.Select(d => Canonical(d, nameof(request.DestTns))).Distinct(StringComparer.Ordinal).ToArray();
        if (dest.Length == 0)
        {
            throw new ArgumentException("At least one destination number is required.", nameof(request));
        }

        var iat = (request.IssuedAt ?? _time.GetUtcNow()).ToUnixTimeSeconds();
        var claims = new PassportClaims(PassportIdentity.FromTn(orig), dest, iat, request.Attestation.ToString(), request.OrigId ?? Guid.NewGuid().ToString());
        return PassportToken.Sign(header, claims, _provider.Sign);
    }

    /// <summary>
    /// Creates an Identity header value: <c>&lt;jws&gt;;info=&lt;x5u&gt;;alg=ES256;ppt=shaken</c>
    /// (RFC 8224 §4), or the compact form <c>..&lt;signature&gt;;...</c> when <paramref name="compact"/>.
    /// </summary>
    public string CreateIdentityHeader(SigningRequest request, bool compact = false)
    {
        var token = CreatePassport(request);
        return $"{(compact ? token.CompactForm : token.FullForm)};info=<{X5u}>;alg=ES256;ppt=shaken";
    }

    /// <summary>
    /// Signs a SIP request: orig from P-Asserted-Identity (else From), dest from To, <c>iat</c> from the
    /// Date header (added when absent, RFC 8224 §4.1), and adds the Identity header.
    /// </summary>
    /// <exception cref="ArgumentException">The request has no telephone number in PAI/From or To.</exception>
    public SipMessage Sign(SipMessage request, Attestation attestation, string? origId = null, bool compact = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var orig = FirstNumber(request, SipHeaderNames.PAssertedIdentity) ?? FirstNumber(request, SipHeaderNames.From)
            ?? throw new ArgumentException("The request has no telephone number in P-Asserted-Identity or From.", nameof(request));
        var dest = FirstNumber(request, SipHeaderNames.To) ?? throw new ArgumentException("The request has no telephone number in To.", nameof(request));

        var message = request;
        DateTimeOffset issuedAt;
        if (SipDate.TryParse(request.GetHeader(SipHeaderNames.Date)).TryGetValue(out var date))
        {
            issuedAt = date;
        }
        else
        {
            issuedAt = _time.GetUtcNow();
            message = message.WithHeaderReplaced(SipHeaderNames.Date, SipDate.Format(issuedAt));
        }

        var value = CreateIdentityHeader(new SigningRequest(orig, [dest], attestation) { OrigId = origId, IssuedAt = issuedAt }, compact);
        return message.WithHeaderAdded(SipHeaderNames.Identity, value);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        CryptoProviderFactory.Default.ReleaseSignatureProvider(_provider);
        if (_ownsKey)
        {
            _key.Dispose();
        }
    }

    private static string? FirstNumber(SipMessage message, string header) =>
        TelephoneNumber.FromHeader(message, header) is { Count: > 0 } numbers ? numbers[0] : null;

    private static string Canonical(string tn, string name)
    {
        var canonical = TelephoneNumber.Canonicalize(tn);
        return canonical.Length > 0 ? canonical : throw new ArgumentException($"'{tn}' is not a telephone number.", name);
    }
}
