using System.Security.Cryptography;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Signing;

/// <summary>
/// An RFC 4474 authentication service (RFC 4474 §5), for tests and interop with RFC 4474 peers such as Kamailio
/// auth_identity: adds <c>Identity: "base64(RSA signature of the §9 digest-string)"</c> and
/// <c>Identity-Info: &lt;URL&gt;;alg=rsa-sha1</c> (or <c>rsa-sha256</c>), and a Date when the request has none.
/// RFC 8224 obsoleted RFC 4474; prefer <see cref="PassportSigner"/> (README "Legacy RFC 4474 (Identity-Info)").
/// Thread-safe; create one per key and share it.
/// </summary>
public sealed class LegacyIdentitySigner : IDisposable
{
    private readonly RSA _key;
    private readonly bool _ownsKey;
    private readonly TimeProvider _time;

    /// <summary>Creates a signer.</summary>
    /// <param name="privateKey">The domain's RSA private key (at least 2048 bits). The signer does not dispose it.</param>
    /// <param name="certificateUrl">Where the domain certificate is published (the Identity-Info URI), e.g. <c>https://example.com/cert.der</c>.</param>
    /// <param name="useWeakSha1">
    /// WEAK, default true: sign <c>rsa-sha1</c>, the only algorithm of RFC 4474 §9 and the only one Kamailio auth_identity
    /// verifies; SHA-1 is broken for collisions. False signs <c>rsa-sha256</c>.
    /// </param>
    /// <param name="timeProvider">Clock for the Date header added when missing; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="privateKey"/> or <paramref name="certificateUrl"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is smaller than 2048 bits, or the URL is not absolute or contains '&gt;'.</exception>
    public LegacyIdentitySigner(RSA privateKey, string certificateUrl, bool useWeakSha1 = true, TimeProvider? timeProvider = null)
        : this(privateKey, certificateUrl, useWeakSha1, timeProvider, ownsKey: false)
    {
    }

    private LegacyIdentitySigner(RSA privateKey, string certificateUrl, bool useWeakSha1, TimeProvider? timeProvider, bool ownsKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(certificateUrl);
        if (privateKey.KeySize < 2048)
        {
            throw new ArgumentException($"The RSA key has {privateKey.KeySize} bits; verifiers require at least 2048.", nameof(privateKey));
        }

        if (!Uri.TryCreate(certificateUrl, UriKind.Absolute, out _) || certificateUrl.AsSpan().IndexOfAny("<>\" \t\r\n") >= 0)
        {
            throw new ArgumentException("The certificate URL must be an absolute URI without '<', '>', quotes or whitespace.", nameof(certificateUrl));
        }

        _key = privateKey;
        _ownsKey = ownsKey;
        CertificateUrl = certificateUrl;
        Algorithm = useWeakSha1 ? "rsa-sha1" : "rsa-sha256";
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The Identity-Info URI.</summary>
    public string CertificateUrl { get; }

    /// <summary>The Identity-Info <c>alg</c>: <c>rsa-sha1</c> or <c>rsa-sha256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>Creates a signer from a PEM RSA private key (PKCS#1 <c>RSA PRIVATE KEY</c> or PKCS#8 <c>PRIVATE KEY</c>).</summary>
    /// <exception cref="ArgumentException">The PEM holds no RSA key, the key is too small, or the URL is invalid.</exception>
    /// <exception cref="CryptographicException">The key cannot be read.</exception>
    public static LegacyIdentitySigner FromPem(string privateKeyPem, string certificateUrl, bool useWeakSha1 = true, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
            return new LegacyIdentitySigner(key, certificateUrl, useWeakSha1, timeProvider, ownsKey: true);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns a copy of <paramref name="request"/> with a Date header (now, when it has none; RFC 4474 §5 step 3), then
    /// <c>Identity</c> and <c>Identity-Info</c> over the digest-string of that copy (RFC 4474 §5 step 4). Any Identity or
    /// Identity-Info already present is kept; nothing may change the signed fields afterwards.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The message is a response, or lacks From, To, Call-ID or CSeq (RFC 4474 §9).</exception>
    public SipMessage Sign(SipMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsRequest)
        {
            throw new ArgumentException("Only requests are signed.", nameof(request));
        }

        if (request.GetHeader(SipHeaderNames.Date) is null)
        {
            request = request.WithHeaderAdded(SipHeaderNames.Date, SipDate.Format(_time.GetUtcNow()));
        }

        var identity = CreateIdentityValue(request);
        return request.WithHeaderAdded(SipHeaderNames.Identity, identity).WithHeaderAdded(SipHeaderNames.IdentityInfo, IdentityInfoValue);
    }

    /// <summary>The Identity-Info value: <c>&lt;URL&gt;;alg=rsa-sha1</c> (RFC 4474 §9).</summary>
    public string IdentityInfoValue => $"<{CertificateUrl}>;alg={Algorithm}";

    /// <summary>
    /// The Identity value for <paramref name="request"/> as it stands (it must already carry its Date):
    /// <c>"base64(RSASSA-PKCS1-v1_5 signature)"</c> over the RFC 4474 §9 digest-string.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The digest-string cannot be built (From, To, Call-ID or CSeq missing or malformed).</exception>
    public string CreateIdentityValue(SipMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var digest = LegacyDigestString.TryBuild(request);
        if (!digest.IsSuccess)
        {
            throw new ArgumentException($"The RFC 4474 digest-string cannot be built: {digest.Error.Message}", nameof(request));
        }

        var hash = Algorithm == "rsa-sha1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var signature = _key.SignData(digest.Value.Bytes, hash, RSASignaturePadding.Pkcs1);
        return "\"" + Convert.ToBase64String(signature) + "\"";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsKey)
        {
            _key.Dispose();
        }
    }
}
