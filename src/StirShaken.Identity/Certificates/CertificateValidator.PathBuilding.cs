using System.Security.Cryptography.X509Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace StirShaken.Identity.Certificates;

// RFC 5280 §6 path building by name chaining and signature, used when the platform's chain builder refuses a
// chain. Platform builders pick an issuer by the Authority Key Identifier (OpenSSL also by its authorityCertIssuer
// + serial); RFC 5280 §6 does not take the AKI as an input. A renewed intermediate (same name and key, new serial)
// then leaves every leaf whose AKI names the old serial "unable to get local issuer certificate", and when both
// instances are served the expired one is reported. Here every issuer whose subject matches the issuer name and
// whose key verifies the signature is tried, and the first path that passes every check is kept.
public sealed partial class CertificateValidator
{
    // Most signature checks one chain may cost while paths are searched (a hostile body holds at most 8 certificates).
    private const int MaxSignatureChecks = 32;

    // RFC 5280 §4.2.1.10/.11/.14/.5: constraints this builder does not evaluate; a path carrying them is left to the platform.
    private static readonly HashSet<string> PlatformOnlyExtensions = new(StringComparer.Ordinal) { "2.5.29.30", "2.5.29.36", "2.5.29.54", "2.5.29.33" };

    private (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? TryBuildByNameAndSignature(CertificateChain chain, DateTimeOffset at, out CertificateValidationResult? anchorNote)
    {
        try
        {
            return BuildByNameAndSignature(chain, at, out anchorNote);
        }
#pragma warning disable CA1031 // A certificate the second builder cannot read leaves the platform's verdict standing.
        catch (Exception)
#pragma warning restore CA1031
        {
            anchorNote = null;
            return null;
        }
    }

    /// <summary>
    /// Searches leaf → issuers (chain certificates, then anchors) by subject/issuer name (RFC 5280 §7.1 comparison)
    /// and signature, and checks each complete path ending at a configured anchor: validity of every certificate,
    /// CA basic constraints, keyCertSign, pathLenConstraint, critical extensions, chain length. Returns the first
    /// path's window when one passes; otherwise null and, in <paramref name="anchorNote"/>, a failure found on a path
    /// that reached an anchor which is not self-signed (the honoured-intermediate case), for a precise message.
    /// </summary>
    private (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? BuildByNameAndSignature(CertificateChain chain, DateTimeOffset at, out CertificateValidationResult? anchorNote)
    {
        anchorNote = null;
        var parser = new BcParser();
        var leaf = parser.ReadCertificate(chain.RawData[0]);
        var pool = new List<Node>();
        for (var i = 1; i < chain.RawData.Count; i++)
        {
            pool.Add(new Node(chain.Certificates[i], parser.ReadCertificate(chain.RawData[i]), IsAnchor: false));
        }

        foreach (var anchor in _anchors)
        {
            pool.Add(new Node(anchor, parser.ReadCertificate(anchor.RawData), IsAnchor: true));
        }

        var budget = MaxSignatureChecks;
        var path = new List<Node> { new(chain.Leaf, leaf, IsAnchor: false) };
        var verified = new Dictionary<(int Child, int Issuer), bool>();
        CertificateValidationResult? note = null;
        var window = Search(path, pool, at, verified, ref budget, ref note);
        anchorNote = note;
        return window;
    }

    private (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? Search(List<Node> path, List<Node> pool, DateTimeOffset at, Dictionary<(int Child, int Issuer), bool> verified, ref int budget, ref CertificateValidationResult? note)
    {
        var child = path[^1];
        if (path.Count >= _options.MaxChainLength)
        {
            return null;
        }

        for (var i = 0; i < pool.Count; i++)
        {
            var issuer = pool[i];
            if (path.Exists(p => ReferenceEquals(p, issuer) || p.Certificate.RawData.AsSpan().SequenceEqual(issuer.Certificate.RawData))
                || !issuer.Bc.SubjectDN.Equivalent(child.Bc.IssuerDN))
            {
                continue;
            }

            var key = (pool.IndexOf(child), i);
            if (!verified.TryGetValue(key, out var signed))
            {
                if (budget-- <= 0)
                {
                    return null;
                }

                signed = SignedBy(child.Bc, issuer.Bc);
                verified[key] = signed;
            }

            if (!signed)
            {
                continue;
            }

            path.Add(issuer);
            try
            {
                if (issuer.IsAnchor)
                {
                    var failure = CheckBuiltPath(path, at);
                    if (failure is null)
                    {
                        return (path.Max(p => new DateTimeOffset(p.Certificate.NotBefore.ToUniversalTime())), path.Min(p => new DateTimeOffset(p.Certificate.NotAfter.ToUniversalTime())));
                    }

                    if (!IsSelfSigned(issuer.Bc))
                    {
                        note ??= failure;
                    }

                    continue;
                }

                if (Search(path, pool, at, verified, ref budget, ref note) is { } found)
                {
                    return found;
                }
            }
            finally
            {
                path.RemoveAt(path.Count - 1);
            }
        }

        return null;
    }

    /// <summary>RFC 5280 §6.1.3/§6.1.4 checks on a built path (leaf first, anchor last); null when it passes.</summary>
    private CertificateValidationResult? CheckBuiltPath(List<Node> path, DateTimeOffset at)
    {
        var leaf = path[0].Certificate;
        var anchor = path[^1];
        var anchorIsRoot = IsSelfSigned(anchor.Bc);
        foreach (var node in path)
        {
            foreach (var extension in node.Certificate.Extensions)
            {
                var oid = extension.Oid?.Value ?? string.Empty;
                if (PlatformOnlyExtensions.Contains(oid))
                {
                    return Untrusted(leaf, $"certificate '{Subject(node.Certificate)}' carries {oid}, which only the platform path validation evaluates");
                }

                if (extension.Critical && !_understoodCriticalExtensions.Contains(oid))
                {
                    return Untrusted(leaf, $"certificate '{Subject(node.Certificate)}' has an unsupported critical extension {oid}");
                }
            }
        }

        var certificates = path.Select(p => p.Certificate).ToArray();
        if (CheckValidityPeriods(certificates, at, leaf) is { } expired)
        {
            return anchorIsRoot ? expired : AnchorNote(expired, anchor.Certificate);
        }

        // Intermediates, and an anchor that is not self-signed (it is a CA certificate like any other): cA, keyCertSign.
        var last = anchorIsRoot ? path.Count - 2 : path.Count - 1;
        for (var i = 1; i <= last; i++)
        {
            if (CheckIntermediate(path[i].Certificate, leaf) is { } failure)
            {
                return anchorIsRoot ? failure : AnchorNote(failure, anchor.Certificate);
            }
        }

        // RFC 5280 §4.2.1.9: pathLenConstraint counts the non-self-issued intermediates below a CA; enforced on the
        // root too, as the platform does (never less strict than the first builder).
        for (var i = 1; i < path.Count; i++)
        {
            if (path[i].Certificate.Extensions["2.5.29.19"] is X509BasicConstraintsExtension { HasPathLengthConstraint: true } basic && i - 1 > basic.PathLengthConstraint)
            {
                return Fail(CertificateFailure.KeyUsage, leaf, $"certificate '{Subject(path[i].Certificate)}' allows {basic.PathLengthConstraint} intermediate(s) below it; the path has {i - 1}");
            }
        }

        return null;
    }

    private static CertificateValidationResult AnchorNote(CertificateValidationResult failure, X509Certificate2 anchor) =>
        CertificateValidationResult.Invalid(failure.Failure,
            $"{failure.Detail}; the chain reaches the configured trust anchor '{Subject(anchor)}', which is not self-signed (an intermediate, honoured as an anchor per RFC 5280 §6.1.1 d) and is checked like any CA certificate",
            failure.Leaf);

    private static bool IsSelfSigned(BcCertificate certificate) =>
        certificate.SubjectDN.Equivalent(certificate.IssuerDN) && SignedBy(certificate, certificate);

    private static bool SignedBy(BcCertificate certificate, BcCertificate issuer)
    {
        try
        {
            certificate.Verify(issuer.GetPublicKey());
            return true;
        }
#pragma warning disable CA1031 // A bad or unsupported signature is an answer, not an error.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private sealed record Node(X509Certificate2 Certificate, BcCertificate Bc, bool IsAnchor);
}
