using System.Globalization;
using System.Security.Cryptography;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// RFC 4474 §6 verification of one legacy <c>Identity</c> + <c>Identity-Info</c> pair, with the checks in an order
/// that keeps the cheap local ones before any fetch: pair syntax → alg → digest-string → From domain → Date
/// (freshness) → Identity-Info URL policy → certificate (fetcher and cache shared with x5u) → chain to the legacy
/// anchors and <see cref="DomainCertificateProfile"/> → From domain in the certificate → RSA signature.
/// 436/437 failures carry the RFC 4474 reason phrases (RFC 4474 §14.2/§14.3). Thread-safe; never throws except
/// on cancellation.
/// </summary>
internal sealed class LegacyIdentityVerifier
{
    /// <summary>RFC 4474 §14.2 phrase for 436.</summary>
    internal static readonly SipStatus BadIdentityInfo = new(436, "Bad Identity-Info");

    /// <summary>RFC 4474 §14.3 phrase for 437.</summary>
    internal static readonly SipStatus UnsupportedCertificate = new(437, "Unsupported Certificate");

    private const string RsaSha1 = "rsa-sha1";
    private const string RsaSha256 = "rsa-sha256";

    private readonly ICertificateSource _certificates;
    private readonly CertificateValidator _validator;
    private readonly X5uUrlPolicy _urlPolicy;
    private readonly VerifierOptions _options;

    public LegacyIdentityVerifier(ICertificateSource certificates, TrustAnchorStore anchors, X5uUrlPolicy urlPolicy, VerifierOptions options)
    {
        _certificates = certificates;
        _validator = new CertificateValidator(anchors, new DomainCertificateProfile());
        _urlPolicy = urlPolicy;
        _options = options;
    }

    public async ValueTask<LegacyIdentityVerification> VerifyAsync(string identityValue, SipMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // RFC 4474 §9: Identity = quoted base64 signature; Identity-Info = <absoluteURI> *(;alg=token / generic-param).
        var infoValue = LegacyIdentity.GetIdentityInfo(message);
        var parsed = LegacyIdentity.TryParse(identityValue, infoValue);
        if (!parsed.IsSuccess)
        {
            return parsed.Error.Code is ParseErrorCode.InvalidInfo or ParseErrorCode.InvalidParameter or ParseErrorCode.DuplicateParameter
                ? Fail(null, null, null, FailureReason.LegacyIdentityInfoInvalid, $"the Identity-Info header is malformed: {parsed.Error}")
                : Fail(null, null, null, FailureReason.MalformedIdentityHeader, $"the RFC 4474 Identity header is malformed: {parsed.Error}");
        }

        var identity = parsed.Value;
        if (identity.InfoUri is not { } info)
        {
            return Fail(identity, null, null, FailureReason.LegacyIdentityInfoInvalid, "the RFC 4474 Identity header has no Identity-Info header naming the signer's certificate");
        }

        // RFC 4474 §9: alg defaults to rsa-sha1, the only algorithm RFC 4474 defines; rsa-sha256 from its successor drafts.
        var alg = (identity.Alg ?? RsaSha1).ToLowerInvariant();
        HashAlgorithmName hash;
        if (alg == RsaSha256)
        {
            hash = HashAlgorithmName.SHA256;
        }
        else if (alg == RsaSha1 && _options.AllowWeakRsaSha1ForLegacyIdentity)
        {
            hash = HashAlgorithmName.SHA1;
        }
        else
        {
            var why = alg == RsaSha1 ? "rsa-sha1 is disabled (VerifierOptions.AllowWeakRsaSha1ForLegacyIdentity = false)" : "only rsa-sha1 and rsa-sha256 are supported";
            return Fail(identity, null, null, FailureReason.LegacyUnsupportedAlgorithm, $"the Identity-Info alg is '{identity.Alg}'; {why}");
        }

        var digest = LegacyDigestString.TryBuild(message);
        if (!digest.IsSuccess)
        {
            return Fail(identity, null, null, FailureReason.MalformedMessage, $"the RFC 4474 digest-string cannot be built: {digest.Error.Message}");
        }

        var digestString = digest.Value;
        var from = SipUri.TryParse(digestString.FromAddrSpec);
        var domain = from.IsSuccess && from.Value.IsSip && from.Value.Host.Length > 0 ? from.Value.Host : null;
        if (domain is null)
        {
            return Fail(identity, digestString, null, FailureReason.LegacyDomainMismatch, $"the From URI <{digestString.FromAddrSpec}> has no domain; RFC 4474 signs for the domain of a SIP From URI");
        }

        // RFC 4474 §6 step 4: the signed Date must be present and recent.
        if (CheckDate(message.GetHeader(SipHeaderNames.Date), now) is { } dateFailure)
        {
            return new LegacyIdentityVerification(identity, digestString, domain, dateFailure, null);
        }

        if (!_urlPolicy.IsAllowed(info, out var urlReason))
        {
            return Fail(identity, digestString, domain, FailureReason.InfoUrlRefused, $"the Identity-Info URL <{info}> is refused: {urlReason}");
        }

        var fetched = await PassportVerifier.FetchAsync(_certificates, info, cancellationToken).ConfigureAwait(false);

        if (!fetched.IsSuccess)
        {
            var reason = fetched.Failure == CertificateFetchFailure.PolicyRefused ? FailureReason.InfoUrlRefused : FailureReason.CertificateUnavailable;
            return Fail(identity, digestString, domain, reason, $"the certificate at <{info}> could not be obtained ({fetched.Failure}): {fetched.Detail}");
        }

        var validation = _validator.Validate(fetched.Chain, now);
        if (!validation.IsSuccess)
        {
            var reason = validation.Failure is CertificateFailure.UnsupportedKey or CertificateFailure.KeyUsage
                ? FailureReason.LegacyCertificateKeyUnsupported
                : FailureReason.LegacyCertificateUntrusted;
            return Fail(identity, digestString, domain, reason, $"the certificate at <{info}> is not acceptable: {validation.Detail}");
        }

        // RFC 4474 §6 step 2: the signer is authoritative for the From domain only.
        if (!DomainCertificateProfile.IsForDomain(validation.Leaf, domain, out var names))
        {
            return Fail(identity, digestString, domain, FailureReason.LegacyDomainMismatch,
                $"the certificate '{validation.Leaf.Subject}' at <{info}> is for {(names.Count == 0 ? "no domain" : string.Join(", ", names))}, not the From domain {domain}");
        }

        // RFC 4474 §6 step 3 / RFC 8017 §8.2: RSASSA-PKCS1-v1_5 over the digest-string.
        var signature = new byte[identity.Signature.Length];
        if (!Convert.TryFromBase64String(identity.Signature, signature, out var length))
        {
            return Fail(identity, digestString, domain, FailureReason.MalformedIdentityHeader, "the RFC 4474 Identity value is not valid base64");
        }

        if (validation.PublicKey is not RSA rsa || !rsa.VerifyData(digestString.Bytes, signature.AsSpan(0, length), hash, RSASignaturePadding.Pkcs1))
        {
            return Fail(identity, digestString, domain, FailureReason.LegacyInvalidSignature,
                $"the {alg} signature does not verify with the key of '{validation.Leaf.Subject}' over the digest-string of the request as received ({Truncate(digestString.ToString())}); "
                + "one of From, To, Call-ID, CSeq, Date, Contact or the body differs from what was signed");
        }

        return new LegacyIdentityVerification(identity, digestString, domain, null, validation.Leaf);
    }

    /// <summary>The 436/437 statuses with the RFC 4474 phrases; other codes unchanged.</summary>
    internal static SipStatus? Rfc4474Status(FailureReason reason) => FailureReasons.Get(reason).StatusCode switch
    {
        436 => BadIdentityInfo,
        437 => UnsupportedCertificate,
        _ => null,
    };

    private VerificationFailure? CheckDate(string? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return new VerificationFailure(FailureReason.StaleDate, "the request has no Date header; RFC 4474 signs the Date and requires it (RFC 4474 §6 step 4)");
        }

        if (!SipDate.TryParse(value.Trim()).TryGetValue(out var date))
        {
            return new VerificationFailure(FailureReason.StaleDate, $"the Date header '{Truncate(value)}' is not an RFC 1123 GMT date");
        }

        if (now - date > _options.LegacyMaxAge)
        {
            return new VerificationFailure(FailureReason.StaleDate, $"the Date header ({Format(date)}) is {(long)(now - date).TotalSeconds} s old; the limit for RFC 4474 requests is {(long)_options.LegacyMaxAge.TotalSeconds} s");
        }

        if (date - now > _options.MaxFutureSkew)
        {
            return new VerificationFailure(FailureReason.FutureDate, $"the Date header ({Format(date)}) is {(long)(date - now).TotalSeconds} s in the future; the allowed skew is {(long)_options.MaxFutureSkew.TotalSeconds} s");
        }

        return null;
    }

    private static LegacyIdentityVerification Fail(LegacyIdentity? identity, LegacyDigestString? digest, string? domain, FailureReason reason, string detail) =>
        new(identity, digest, domain, new VerificationFailure(reason, detail, Rfc4474Status(reason)), null);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Truncate(string value)
    {
        var text = value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return text.Length <= 240 ? text : text[..240] + "...";
    }
}
