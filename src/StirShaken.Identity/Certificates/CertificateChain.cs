using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// A certificate chain as published at an x5u URL: the leaf first, then any intermediates
/// (ATIS-1000074 §5.3.1). Immutable and safe to share between threads and cache entries.
/// </summary>
public sealed class CertificateChain
{
    /// <summary>Upper bound on certificates accepted from one body; a chain longer than this is hostile.</summary>
    public const int MaxCertificates = 8;

    private const string PemBegin = "-----BEGIN CERTIFICATE-----";
    private const string PemEnd = "-----END CERTIFICATE-----";

    private readonly X509Certificate2[] _certificates;

    private CertificateChain(X509Certificate2[] certificates)
    {
        _certificates = certificates;
        RawData = Array.ConvertAll(certificates, c => c.RawData);
    }

    /// <summary>The certificates, leaf first.</summary>
    public IReadOnlyList<X509Certificate2> Certificates => _certificates;

    /// <summary>The signer (end-entity) certificate.</summary>
    public X509Certificate2 Leaf => _certificates[0];

    /// <summary>The DER bytes of every certificate, leaf first (for caches that store bytes).</summary>
    public IReadOnlyList<byte[]> RawData { get; }

    /// <summary>Creates a chain from certificates, leaf first.</summary>
    public static CertificateChain FromCertificates(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var array = certificates.ToArray();
        if (array.Length == 0)
        {
            throw new ArgumentException("A chain needs at least one certificate.", nameof(certificates));
        }

        return new CertificateChain(array);
    }

    /// <summary>
    /// Parses a response body: one or more PEM <c>CERTIFICATE</c> blocks (leaf first), or a single
    /// DER certificate. Returns false with a precise <paramref name="error"/> for anything else.
    /// Never throws on malformed input.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out CertificateChain? chain, out string? error)
    {
        chain = null;
        if (body.IsEmpty)
        {
            error = "the body is empty";
            return false;
        }

        if (!TryReadCertificates(body, MaxCertificates, out var certificates, out error))
        {
            return false;
        }

        if (certificates.Count == 0)
        {
            error = $"the body contains no '{PemBegin}' block";
            return false;
        }

        chain = new CertificateChain([.. certificates]);
        return true;
    }

    /// <summary>
    /// The one certificate reader of the library (x5u bodies, trust-anchor files, CLI files): a single
    /// DER certificate (first byte 0x30, a SEQUENCE), else UTF-8 text read by <see cref="TryReadPem"/>.
    /// Never throws on malformed input; on failure nothing is returned (and nothing leaks).
    /// </summary>
    internal static bool TryReadCertificates(ReadOnlySpan<byte> body, int maxCertificates, out List<X509Certificate2> certificates, out string? error)
    {
        certificates = [];
        if (!body.IsEmpty && body[0] == 0x30)
        {
            if (!TryLoad(body, out var der, out error))
            {
                return false;
            }

            certificates.Add(der!);
            return true;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            error = "the body is neither DER nor UTF-8 PEM text";
            return false;
        }

        return TryReadPem(text, maxCertificates, out certificates, out error);
    }

    /// <summary>
    /// Reads every PEM <c>CERTIFICATE</c> block of <paramref name="text"/> in order (other text and other
    /// block types are ignored). A block without its end line, with bad base64 or that is not one X.509
    /// certificate, or more than <paramref name="maxCertificates"/> blocks, is an error. Zero blocks is not.
    /// </summary>
    internal static bool TryReadPem(string text, int maxCertificates, out List<X509Certificate2> certificates, out string? error)
    {
        certificates = [];
        var index = 0;
        while (true)
        {
            var begin = text.IndexOf(PemBegin, index, StringComparison.Ordinal);
            if (begin < 0)
            {
                error = null;
                return true;
            }

            var end = text.IndexOf(PemEnd, begin, StringComparison.Ordinal);
            string? failure = null;
            X509Certificate2? certificate = null;
            if (end < 0)
            {
                failure = $"PEM block {certificates.Count + 1} has no '{PemEnd}' line";
            }
            else if (certificates.Count == maxCertificates)
            {
                failure = $"more than {maxCertificates} certificates in the body";
            }
            else if (!TryFromBase64(text.AsSpan(begin + PemBegin.Length, end - begin - PemBegin.Length), out var der))
            {
                failure = $"PEM block {certificates.Count + 1} is not valid base64";
            }
            else if (!TryLoad(der, out certificate, out var loadError))
            {
                failure = $"PEM block {certificates.Count + 1}: {loadError}";
            }

            if (failure is not null)
            {
                foreach (var loaded in certificates)
                {
                    loaded.Dispose();
                }

                certificates = [];
                error = failure;
                return false;
            }

            certificates.Add(certificate!);
            index = end + PemEnd.Length;
        }
    }

    private static bool TryFromBase64(ReadOnlySpan<char> base64, out byte[] der)
    {
        try
        {
            der = Convert.FromBase64String(base64.ToString());
            return true;
        }
        catch (FormatException)
        {
            der = [];
            return false;
        }
    }

    /// <summary>Serializes the chain as PEM, leaf first.</summary>
    public string ToPem()
    {
        var builder = new StringBuilder();
        foreach (var certificate in _certificates)
        {
            builder.Append(PemEncoding.Write("CERTIFICATE", certificate.RawData)).Append('\n');
        }

        return builder.ToString();
    }

    internal static bool TryLoad(ReadOnlySpan<byte> der, out X509Certificate2? certificate, out string? error)
    {
        try
        {
            certificate = CertificateDer.Load(der);
            error = null;
            return true;
        }
        catch (CryptographicException e)
        {
            certificate = null;
            error = "not an X.509 certificate (" + e.Message + ")";
            return false;
        }
    }
}
