using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>Loads exactly one DER certificate (never PKCS#7 or PKCS#12 blobs).</summary>
internal static class CertificateDer
{
    /// <exception cref="CryptographicException">The bytes are not a single X.509 certificate.</exception>
    public static X509Certificate2 Load(ReadOnlySpan<byte> der)
    {
#if NET9_0_OR_GREATER
        return X509CertificateLoader.LoadCertificate(der);
#else
        // The byte[] constructor also accepts PFX and PKCS#7; parsing those from untrusted input is needless attack surface.
        var bytes = der.ToArray();
        if (X509Certificate2.GetCertContentType(bytes) != X509ContentType.Cert)
        {
            throw new CryptographicException("the data is not a single DER X.509 certificate");
        }

        return new X509Certificate2(bytes);
#endif
    }
}
