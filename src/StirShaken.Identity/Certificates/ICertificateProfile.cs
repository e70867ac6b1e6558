using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// The rules a signer (leaf) certificate must meet on top of RFC 5280 path validation: which key, which
/// key usage, which extensions and names. <see cref="StiCertificateProfile"/> is the STI profile
/// (ATIS-1000080, RFC 8226); another profile (e.g. RFC 4474 domain certificates: an RSA key of at least
/// 2048 bits and a dNSName) is one new class handed to <see cref="CertificateValidator"/>.
/// Implementations must be thread-safe.
/// </summary>
public interface ICertificateProfile
{
    /// <summary>
    /// OIDs of the extensions this profile evaluates itself, so that a certificate of the path may mark them
    /// critical without failing RFC 5280 §4.2 ("unrecognized critical extension"). May be empty.
    /// </summary>
    IReadOnlyCollection<string> HandledCriticalExtensions { get; }

    /// <summary>
    /// Checks <paramref name="leaf"/>, whose path to a trust anchor has already been validated (signatures,
    /// validity at the verification time, CA basic constraints and key usage, chain length).
    /// </summary>
    /// <returns>
    /// <see cref="CertificateValidationResult.Valid"/> with the leaf's public key (of the type the signature
    /// algorithm needs) and any profile data, or <see cref="CertificateValidationResult.Invalid"/> with the
    /// failure and a detail naming the certificate and the rule.
    /// </returns>
    /// <remarks>
    /// Should not throw for malformed certificates; if it throws a <see cref="System.Security.Cryptography.CryptographicException"/>,
    /// <see cref="ArgumentException"/>, <see cref="FormatException"/> or similar decoding exception, the validator reports
    /// <see cref="CertificateFailure.Untrusted"/> with the message.
    /// </remarks>
    CertificateValidationResult Validate(X509Certificate2 leaf);
}
