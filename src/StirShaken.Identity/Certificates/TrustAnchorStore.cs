using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// The configured STI-CA trust anchors (roots approved by the STI-PA). Separate from the system TLS
/// roots used to fetch x5u over HTTPS. Immutable once built.
/// </summary>
public sealed class TrustAnchorStore
{
    /// <summary>The anchors.</summary>
    public IReadOnlyList<X509Certificate2> Anchors => throw new NotImplementedException();

    /// <summary>Creates a store from certificates.</summary>
    public static TrustAnchorStore FromCertificates(IEnumerable<X509Certificate2> anchors) => throw new NotImplementedException();

    /// <summary>Creates a store from PEM text holding one or more certificates.</summary>
    public static TrustAnchorStore FromPem(string pem) => throw new NotImplementedException();

    /// <summary>
    /// Loads anchors from PEM/DER files and/or folders (every <c>*.pem</c>, <c>*.crt</c>, <c>*.cer</c> in a folder).
    /// Throws <see cref="InvalidDataException"/> naming the file when one is not a certificate (configuration errors should be loud).
    /// </summary>
    public static TrustAnchorStore Load(params string[] paths) => throw new NotImplementedException();
}
