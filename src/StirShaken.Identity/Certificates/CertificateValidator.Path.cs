using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

// RFC 5280 §6 path validation, delegated to X509Chain with only the configured anchors trusted; when the platform
// refuses, paths are built by name and signature (CertificateValidator.PathBuilding.cs).
public sealed partial class CertificateValidator
{
    private const X509ChainStatusFlags TimeFlags = X509ChainStatusFlags.NotTimeValid;
    private const X509ChainStatusFlags UsageFlags = X509ChainStatusFlags.InvalidBasicConstraints | X509ChainStatusFlags.NotValidForUsage;

    // NoCheck still sets these on some platforms; revocation is a separate, later concern.
    private const X509ChainStatusFlags IgnoredFlags = X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    // RFC 5280 §4.2 extensions this validator (or the platform) evaluates, so a CA may mark them critical;
    // the profile adds its own (ICertificateProfile.HandledCriticalExtensions).
    private static readonly string[] PathCriticalExtensions =
    [
        "2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.30", "2.5.29.32", "2.5.29.35", "2.5.29.36", "2.5.29.37", "2.5.29.54",
    ];

    /// <summary>Returns null when the path is acceptable, or the failure.</summary>
    private CertificateValidationResult? ValidatePath(CertificateChain chain, DateTimeOffset at, out (DateTimeOffset NotBefore, DateTimeOffset NotAfter) window)
    {
        var leaf = chain.Leaf;
        window = (DateTimeOffset.MaxValue, DateTimeOffset.MinValue);
        using var x509 = new X509Chain();
        var policy = x509.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_anchors);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        for (var i = 1; i < chain.Certificates.Count; i++)
        {
            policy.ExtraStore.Add(chain.Certificates[i]);
        }

        x509.Build(leaf);
        var elements = new X509Certificate2[x509.ChainElements.Count];
        var elementStatus = new X509ChainStatusFlags[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            var element = x509.ChainElements[i];
            elements[i] = element.Certificate;
            foreach (var status in element.ChainElementStatus)
            {
                elementStatus[i] |= status.Status;
            }
        }

        try
        {
            // RFC 5280 §4.1.2.5: the path is time-valid from the latest notBefore through the earliest notAfter.
            if (elements.Length > 0)
            {
                window = (elements.Max(e => new DateTimeOffset(e.NotBefore.ToUniversalTime())), elements.Min(e => new DateTimeOffset(e.NotAfter.ToUniversalTime())));
            }

            var platform = CheckPath(chain, at, x509, elements, elementStatus);
            if (platform is null)
            {
                return null;
            }

            // The platform refused: try every candidate issuer by name and signature (CertificateValidator.PathBuilding.cs).
            if (TryBuildByNameAndSignature(chain, at, out var note) is { } built)
            {
                window = built;
                return null;
            }

            return note is not null && platform.Failure == CertificateFailure.Untrusted ? note : platform;
        }
        finally
        {
            // Element certificates are fresh copies on most platforms; release them unless they are our inputs.
            foreach (var element in elements)
            {
                // Reference comparison: X509Certificate.Equals matches copies by issuer and serial.
                if (!chain.Certificates.Any(c => ReferenceEquals(c, element)) && !Array.Exists(_anchors, a => ReferenceEquals(a, element)))
                {
                    element.Dispose();
                }
            }
        }
    }

    private CertificateValidationResult? CheckPath(CertificateChain chain, DateTimeOffset at, X509Chain x509, X509Certificate2[] elements, X509ChainStatusFlags[] elementStatus)
    {
        var leaf = chain.Leaf;
        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in x509.ChainStatus)
        {
            flags |= status.Status;
        }

        flags &= ~IgnoredFlags;
        if ((flags & X509ChainStatusFlags.HasNotSupportedCriticalExtension) != 0
            && FindUnsupportedCriticalExtension(elements) is null)
        {
            flags &= ~X509ChainStatusFlags.HasNotSupportedCriticalExtension;
        }

        if ((flags & ~(TimeFlags | UsageFlags)) != 0)
        {
            return Untrusted(leaf, DescribeTrustFailure(x509, elements, elementStatus, flags & ~(TimeFlags | UsageFlags)));
        }

        if ((flags & TimeFlags) != 0)
        {
            return CheckValidityPeriods(elements, at, leaf) ?? Fail(CertificateFailure.Expired, leaf,
                $"certificate chain for '{Subject(leaf)}' is not time-valid at {FormatTime(at.UtcDateTime)}");
        }

        if ((flags & UsageFlags) != 0)
        {
            var index = Math.Max(0, Array.FindIndex(elementStatus, s => (s & UsageFlags) != 0));
            return Fail(CertificateFailure.KeyUsage, leaf,
                $"certificate '{Subject(elements.Length > 0 ? elements[index] : leaf)}' violates basic constraints or key usage for its position in the chain ({flags & UsageFlags})");
        }

        // The leaf must be issued by an anchor, not be one (a self-signed leaf configured as an anchor proves nothing).
        if (elements.Length < 2)
        {
            return Untrusted(leaf, $"certificate '{Subject(leaf)}' is itself a trust anchor; the signer certificate must be issued by one");
        }

        // Defense in depth: the platform must have ended the path at one of our anchors.
        var top = elements[^1];
        if (!Array.Exists(_anchors, a => a.RawData.AsSpan().SequenceEqual(top.RawData)))
        {
            return Untrusted(leaf, $"certificate chain for '{Subject(leaf)}' ends at '{Subject(top)}', which is not a configured trust anchor");
        }

        if (elements.Length > _options.MaxChainLength)
        {
            return Untrusted(leaf, $"certificate chain for '{Subject(leaf)}' has {elements.Length} certificates including the anchor; at most {_options.MaxChainLength} are allowed");
        }

        for (var i = 1; i < elements.Length - 1; i++)
        {
            if (CheckIntermediate(elements[i], leaf) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private static CertificateValidationResult? CheckIntermediate(X509Certificate2 certificate, X509Certificate2 leaf)
    {
        // RFC 5280 §4.2.1.9 / §4.2.1.3: an issuer must be a CA allowed to sign certificates.
        var basic = certificate.Extensions["2.5.29.19"] as X509BasicConstraintsExtension;
        if (basic is not { CertificateAuthority: true })
        {
            return Fail(CertificateFailure.KeyUsage, leaf, $"intermediate certificate '{Subject(certificate)}' is not a CA (basicConstraints cA is not true)");
        }

        if (certificate.Extensions["2.5.29.15"] is X509KeyUsageExtension usage
            && (usage.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0)
        {
            return Fail(CertificateFailure.KeyUsage, leaf, $"intermediate certificate '{Subject(certificate)}' key usage lacks keyCertSign");
        }

        return null;
    }

    private static CertificateValidationResult? CheckValidityPeriods(X509Certificate2[] elements, DateTimeOffset at, X509Certificate2 leaf)
    {
        var utc = at.UtcDateTime;
        foreach (var certificate in elements)
        {
            var notBefore = certificate.NotBefore.ToUniversalTime();
            var notAfter = certificate.NotAfter.ToUniversalTime();

            // RFC 5280 §4.1.2.5: valid from notBefore through notAfter, inclusive.
            if (utc > notAfter)
            {
                return Fail(CertificateFailure.Expired, leaf,
                    $"certificate '{Subject(certificate)}' expired at {FormatTime(notAfter)} (verification time {FormatTime(utc)})");
            }

            if (utc < notBefore)
            {
                return Fail(CertificateFailure.NotYetValid, leaf,
                    $"certificate '{Subject(certificate)}' is not valid before {FormatTime(notBefore)} (verification time {FormatTime(utc)})");
            }
        }

        return null;
    }

    private string DescribeTrustFailure(X509Chain x509, X509Certificate2[] elements, X509ChainStatusFlags[] elementStatus, X509ChainStatusFlags flags)
    {
        if ((flags & X509ChainStatusFlags.HasNotSupportedCriticalExtension) != 0 && FindUnsupportedCriticalExtension(elements) is { } unsupported)
        {
            return $"certificate '{Subject(unsupported.Certificate)}' has an unsupported critical extension {unsupported.Oid}";
        }

        var index = Array.FindLastIndex(elementStatus, s => (s & flags) != 0);
        var subject = index >= 0 ? Subject(elements[index]) : elements.Length > 0 ? Subject(elements[^1]) : "(none)";
        var information = string.Join("; ", x509.ChainStatus
            .Where(s => (s.Status & flags) != 0)
            .Select(s => string.IsNullOrWhiteSpace(s.StatusInformation) ? s.Status.ToString() : $"{s.Status}: {s.StatusInformation.Trim()}"));
        return $"certificate chain does not lead to a configured trust anchor (at '{subject}': {information})";
    }

    private (X509Certificate2 Certificate, string Oid)? FindUnsupportedCriticalExtension(X509Certificate2[] elements)
    {
        foreach (var certificate in elements)
        {
            foreach (var extension in certificate.Extensions)
            {
                if (extension.Critical && !_understoodCriticalExtensions.Contains(extension.Oid?.Value ?? string.Empty))
                {
                    return (certificate, extension.Oid?.Value ?? "(no OID)");
                }
            }
        }

        return null;
    }

    private static CertificateValidationResult Untrusted(X509Certificate2 leaf, string detail) =>
        CertificateValidationResult.Invalid(CertificateFailure.Untrusted, detail, leaf);

    private static CertificateValidationResult Fail(CertificateFailure failure, X509Certificate2? leaf, string detail) =>
        CertificateValidationResult.Invalid(failure, detail, leaf);
}
