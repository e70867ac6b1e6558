using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// The STI (SHAKEN) leaf-certificate profile, ATIS-1000080 §6.4.1 and RFC 8226 §9: an end entity allowed
/// to sign (digitalSignature), an ECDSA P-256 key (ES256), a valid TNAuthList with an SPC (unless
/// <see cref="CertificateValidationOptions.RequireSpc"/> is off), and optionally a subject CN that contains
/// <c>SHAKEN &lt;SPC&gt;</c> and an accepted certificate policy. The default profile of
/// <see cref="CertificateValidator"/>. Immutable and thread-safe.
/// </summary>
public sealed class StiCertificateProfile : ICertificateProfile
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string CertificatePoliciesOid = "2.5.29.32";
    private const string CommonNameOid = "2.5.4.3";
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string KeyUsageOid = "2.5.29.15";

    // DER of the namedCurve parameter: OBJECT IDENTIFIER 1.2.840.10045.3.1.7 (secp256r1).
    private static readonly byte[] P256Parameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private readonly CertificateValidationOptions _options;
    private readonly HashSet<string>? _acceptedPolicies;

    /// <summary>Creates the profile with the STI rules of <paramref name="options"/> (defaults when null).</summary>
    public StiCertificateProfile(CertificateValidationOptions? options = null)
    {
        _options = options ?? CertificateValidationOptions.Default;

        // Snapshot the set: options are init-only but the collection behind them may not be.
        if (_options.AcceptedPolicyOids is { Count: > 0 } accepted)
        {
            _acceptedPolicies = new HashSet<string>(accepted, StringComparer.Ordinal);
        }
    }

    /// <summary>The options whose STI rules this profile applies.</summary>
    public CertificateValidationOptions Options => _options;

    /// <summary>The TNAuthList extension (RFC 8226 §9, <see cref="TnAuthList.Oid"/>), which a CA may mark critical.</summary>
    public IReadOnlyCollection<string> HandledCriticalExtensions { get; } = [TnAuthList.Oid];

    /// <inheritdoc />
    /// <remarks>
    /// Checks, in this order: end entity (RFC 5280 §4.2.1.9), digitalSignature key usage (ATIS-1000080 §6.4.1),
    /// an ECDSA P-256 key (RFC 8225 §5: ES256), the TNAuthList extension (RFC 8226 §9) and its SPC when
    /// <see cref="CertificateValidationOptions.RequireSpc"/>, then the optional CN and policy rules.
    /// The valid result carries the key as an <see cref="ECDsa"/> and the decoded <see cref="TnAuthList"/>.
    /// </remarks>
    public CertificateValidationResult Validate(X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);

        // RFC 5280 §4.2.1.9: an end-entity signer must not be a CA.
        if (leaf.Extensions[BasicConstraintsOid] is X509BasicConstraintsExtension { CertificateAuthority: true })
        {
            return Fail(CertificateFailure.KeyUsage, leaf, $"certificate '{Subject(leaf)}' is a CA (basicConstraints cA=true); a PASSporT signer must be an end entity");
        }

        // ATIS-1000080 §6.4.1 (SHAKEN certificate profile): the key signs PASSporTs, so digitalSignature is required when key usage is present.
        if (leaf.Extensions[KeyUsageOid] is X509KeyUsageExtension usage
            && (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            return Fail(CertificateFailure.KeyUsage, leaf, $"certificate '{Subject(leaf)}' key usage ({usage.KeyUsages}) lacks digitalSignature");
        }

        // ATIS-1000074 §5.3.1 / RFC 8225 §5: SHAKEN PASSporTs are signed ES256, so the key must be ECDSA P-256.
        if (DescribeUnsupportedKey(leaf) is { } keyProblem)
        {
            return Fail(CertificateFailure.UnsupportedKey, leaf, $"certificate '{Subject(leaf)}' has {keyProblem}; ES256 requires an ECDSA P-256 key");
        }

        // RFC 8226 §9 / ATIS-1000080 §6.4.1: the TNAuthList extension carries the SPC.
        var extension = leaf.Extensions[TnAuthList.Oid];
        if (extension is null)
        {
            return Fail(CertificateFailure.MissingTnAuthList, leaf, $"certificate '{Subject(leaf)}' has no TNAuthList extension ({TnAuthList.Oid})");
        }

        var decoded = TnAuthList.TryDecode(extension.RawData);
        if (!decoded.IsSuccess)
        {
            return Fail(CertificateFailure.InvalidTnAuthList, leaf, $"certificate '{Subject(leaf)}' TNAuthList is invalid: {decoded.Error.Message}");
        }

        var tnAuthList = decoded.Value;

        if (_options.RequireSpc && tnAuthList.ServiceProviderCodes.Count == 0)
        {
            return Fail(CertificateFailure.InvalidTnAuthList, leaf, $"certificate '{Subject(leaf)}' TNAuthList has no SPC entry ({tnAuthList})");
        }

        if (_options.RequireSubjectCnMatchesSpc && CheckCommonName(leaf, tnAuthList) is { } cnFailure)
        {
            return cnFailure;
        }

        if (_acceptedPolicies is not null && CheckPolicies(leaf) is { } policyFailure)
        {
            return policyFailure;
        }

        var publicKey = leaf.GetECDsaPublicKey();
        return publicKey is null
            ? Fail(CertificateFailure.UnsupportedKey, leaf, $"certificate '{Subject(leaf)}' public key could not be read as ECDSA")
            : CertificateValidationResult.Valid(leaf, publicKey, tnAuthList);
    }

    private static string? DescribeUnsupportedKey(X509Certificate2 leaf)
    {
        var key = leaf.PublicKey;
        if (key.Oid.Value != EcPublicKeyOid)
        {
            return $"a {key.Oid.FriendlyName ?? key.Oid.Value ?? "unknown"} key";
        }

        var parameters = key.EncodedParameters?.RawData ?? [];
        if (parameters.AsSpan().SequenceEqual(P256Parameters))
        {
            return null;
        }

        try
        {
            var curve = AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out _);
            return $"an EC key on curve {Oid.FromOidValue(curve, OidGroup.All).FriendlyName ?? curve} ({curve})";
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return "an EC key with explicit or unreadable curve parameters";
        }
    }

    // ATIS-1000080 §6.4.1 (SHAKEN certificate profile): the subject CN *contains* "SHAKEN <SPC>" (e.g. "NCTC SHAKEN 0573",
    // "ATT SHAKEN 4036"), as whole words: neither "XSHAKEN 1234" nor "SHAKEN 12345" carries SPC 1234.
    private static CertificateValidationResult? CheckCommonName(X509Certificate2 leaf, TnAuthList tnAuthList)
    {
        var commonNames = new List<string>();
        foreach (var rdn in leaf.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid && rdn.GetSingleElementValue() is { } value)
            {
                commonNames.Add(value);
            }
        }

        if (commonNames.Exists(cn => tnAuthList.ServiceProviderCodes.Any(spc => ContainsWord(cn, "SHAKEN " + spc))))
        {
            return null;
        }

        var expected = tnAuthList.ServiceProviderCodes.Count > 0 ? $"'SHAKEN {tnAuthList.ServiceProviderCodes[0]}'" : "'SHAKEN <SPC>' (no SPC in TNAuthList)";
        var actual = commonNames.Count == 1 ? $"'{commonNames[0]}'" : $"{commonNames.Count} CN attributes";
        return Fail(CertificateFailure.SubjectSpcMismatch, leaf, $"certificate '{Subject(leaf)}' subject CN is {actual}, which does not contain {expected} (ATIS-1000080 §6.4.1)");
    }

    /// <summary>Whether <paramref name="text"/> contains <paramref name="word"/> with no letter or digit right before or after it.</summary>
    internal static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private CertificateValidationResult? CheckPolicies(X509Certificate2 leaf)
    {
        var extension = leaf.Extensions[CertificatePoliciesOid];
        if (extension is null)
        {
            return Fail(CertificateFailure.PolicyNotAccepted, leaf, $"certificate '{Subject(leaf)}' has no certificatePolicies extension; accepted: {string.Join(", ", _acceptedPolicies!)}");
        }

        var found = new List<string>();
        try
        {
            // RFC 5280 §4.2.1.4: certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation.
            foreach (var information in CertificatePolicies.GetInstance(Asn1Object.FromByteArray(extension.RawData)).GetPolicyInformation())
            {
                var oid = information.PolicyIdentifier.Id;
                if (_acceptedPolicies!.Contains(oid))
                {
                    return null;
                }

                found.Add(oid);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return Fail(CertificateFailure.PolicyNotAccepted, leaf, $"certificate '{Subject(leaf)}' certificatePolicies extension is malformed: {e.Message}");
        }

        return Fail(CertificateFailure.PolicyNotAccepted, leaf,
            $"certificate '{Subject(leaf)}' policies ({string.Join(", ", found)}) include none of the accepted ({string.Join(", ", _acceptedPolicies!)})");
    }

    private static string Subject(X509Certificate2 certificate) => certificate.Subject;

    private static CertificateValidationResult Fail(CertificateFailure failure, X509Certificate2 leaf, string detail) =>
        CertificateValidationResult.Invalid(failure, detail, leaf);
}
