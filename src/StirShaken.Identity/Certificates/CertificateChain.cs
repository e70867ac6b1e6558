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
    /// Parses a response body (ATIS-1000074 §5.3.1): one or more PEM <c>CERTIFICATE</c> blocks (RFC 7468,
    /// leaf first), or a single DER certificate. Never throws on malformed input.
    /// </summary>
    /// <returns>
    /// The chain, or a <see cref="ParseError"/> whose <see cref="ParseError.Position"/> is the byte offset
    /// of the offending PEM block (or invalid UTF-8 byte) in <paramref name="body"/>, 0 for a DER or empty body, and whose code is
    /// <see cref="ParseErrorCode.Empty"/>, <see cref="ParseErrorCode.NoCertificate"/>,
    /// <see cref="ParseErrorCode.InvalidCertificateEncoding"/>, <see cref="ParseErrorCode.UnterminatedPemBlock"/>,
    /// <see cref="ParseErrorCode.InvalidPemBase64"/>, <see cref="ParseErrorCode.InvalidCertificate"/> or
    /// <see cref="ParseErrorCode.TooManyCertificates"/> (more than <see cref="MaxCertificates"/>).
    /// </returns>
    public static ParseResult<CertificateChain> TryParse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return ParseResult<CertificateChain>.Fail(ParseErrorCode.Empty, 0, "the body is empty");
        }

        var read = ReadCertificates(body, MaxCertificates);
        if (!read.IsSuccess)
        {
            return ParseResult<CertificateChain>.Fail(read.Error);
        }

        return read.Value.Count == 0
            ? ParseResult<CertificateChain>.Fail(ParseErrorCode.NoCertificate, 0, $"the body contains no '{PemBegin}' block")
            : ParseResult<CertificateChain>.Ok(new CertificateChain([.. read.Value]));
    }

    /// <summary>
    /// The one certificate reader of the library (x5u bodies, trust-anchor files, CLI files): a single
    /// DER certificate (first byte 0x30, a SEQUENCE), else UTF-8 text read by <see cref="ReadPem"/>.
    /// Never throws on malformed input; on failure nothing is returned (and nothing leaks). Zero
    /// certificates is a success (an empty list). Error positions are byte offsets into <paramref name="body"/>.
    /// </summary>
    internal static ParseResult<List<X509Certificate2>> ReadCertificates(ReadOnlySpan<byte> body, int maxCertificates)
    {
        if (!body.IsEmpty && body[0] == 0x30)
        {
            var der = Load(body, 0);
            return der.IsSuccess ? ParseResult<List<X509Certificate2>>.Ok([der.Value]) : ParseResult<List<X509Certificate2>>.Fail(der.Error);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            return ParseResult<List<X509Certificate2>>.Fail(ParseErrorCode.InvalidCertificateEncoding, Math.Max(0, e.Index), "the body is neither DER nor UTF-8 PEM text");
        }

        var pem = ReadPem(text, maxCertificates);
        if (pem.IsSuccess || pem.Error.Position <= 0)
        {
            return pem;
        }

        // ReadPem counts characters; report the byte offset in the body.
        var error = pem.Error;
        return ParseResult<List<X509Certificate2>>.Fail(error with { Position = Encoding.UTF8.GetByteCount(text.AsSpan(0, error.Position)) });
    }

    /// <summary>
    /// Reads every PEM <c>CERTIFICATE</c> block of <paramref name="text"/> in order (RFC 7468; other text and
    /// other block types are ignored). A block without its end line, with bad base64 or that is not one X.509
    /// certificate, or more than <paramref name="maxCertificates"/> blocks, is an error positioned at the
    /// block's <c>-----BEGIN</c> (a character offset). Zero blocks is not an error.
    /// </summary>
    internal static ParseResult<List<X509Certificate2>> ReadPem(string text, int maxCertificates)
    {
        var certificates = new List<X509Certificate2>();
        var index = 0;
        while (true)
        {
            var begin = text.IndexOf(PemBegin, index, StringComparison.Ordinal);
            if (begin < 0)
            {
                return ParseResult<List<X509Certificate2>>.Ok(certificates);
            }

            var end = text.IndexOf(PemEnd, begin, StringComparison.Ordinal);
            ParseError? failure = null;
            X509Certificate2? certificate = null;
            if (end < 0)
            {
                failure = new ParseError(ParseErrorCode.UnterminatedPemBlock, begin, $"PEM block {certificates.Count + 1} has no '{PemEnd}' line");
            }
            else if (certificates.Count == maxCertificates)
            {
                failure = new ParseError(ParseErrorCode.TooManyCertificates, begin, $"more than {maxCertificates} certificates in the body");
            }
            else if (!TryFromBase64(text.AsSpan(begin + PemBegin.Length, end - begin - PemBegin.Length), out var der))
            {
                failure = new ParseError(ParseErrorCode.InvalidPemBase64, begin, $"PEM block {certificates.Count + 1} is not valid base64");
            }
            else
            {
                var loaded = Load(der, begin);
                if (loaded.IsSuccess)
                {
                    certificate = loaded.Value;
                }
                else
                {
                    failure = loaded.Error with { Message = $"PEM block {certificates.Count + 1}: {loaded.Error.Message}" };
                }
            }

            if (failure is { } error)
            {
                foreach (var loaded in certificates)
                {
                    loaded.Dispose();
                }

                return ParseResult<List<X509Certificate2>>.Fail(error);
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

    /// <summary>
    /// Loads exactly one DER certificate (RFC 5280 §4.1); a failure is <see cref="ParseErrorCode.InvalidCertificate"/>
    /// at <paramref name="position"/>. Never throws on malformed input.
    /// </summary>
    internal static ParseResult<X509Certificate2> Load(ReadOnlySpan<byte> der, int position)
    {
        try
        {
            return ParseResult<X509Certificate2>.Ok(CertificateDer.Load(der));
        }
        catch (CryptographicException e)
        {
            return ParseResult<X509Certificate2>.Fail(ParseErrorCode.InvalidCertificate, position, "not an X.509 certificate (" + e.Message + ")");
        }
    }
}
