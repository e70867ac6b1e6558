using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>
/// A decoded full-form PASSporT (RFC 8225 §6, JWS compact serialization): the received base64url
/// segments, the decoded header and claims, and the 64-byte ES256 signature. The signature is
/// checked over the segments exactly as received, never over a re-serialization.
/// </summary>
public sealed class PassportToken
{
    /// <summary>ES256 signatures are the 64-byte IEEE P1363 concatenation R‖S (RFC 7518 §3.4).</summary>
    public const int Es256SignatureLength = 64;

    // The JOSE header parameters PassportHeader models (RFC 8225 §4), in constructor order.
    private static readonly string[] HeaderParameters = ["alg", "typ", "ppt", "x5u"];

    private readonly byte[] _signature;

    private PassportToken(string headerSegment, string payloadSegment, string signatureSegment, byte[] signature, PassportHeader header, PassportClaims claims)
    {
        HeaderSegment = headerSegment;
        PayloadSegment = payloadSegment;
        SignatureSegment = signatureSegment;
        _signature = signature;
        Header = header;
        Claims = claims;
    }

    /// <summary>The base64url header segment as received.</summary>
    public string HeaderSegment { get; }

    /// <summary>The base64url payload segment as received.</summary>
    public string PayloadSegment { get; }

    /// <summary>The base64url signature segment.</summary>
    public string SignatureSegment { get; }

    /// <summary>The raw signature bytes.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>The decoded JOSE header.</summary>
    public PassportHeader Header { get; }

    /// <summary>The decoded claims.</summary>
    public PassportClaims Claims { get; }

    /// <summary>The full form <c>header.payload.signature</c>.</summary>
    public string FullForm => string.Concat(HeaderSegment, ".", PayloadSegment, ".", SignatureSegment);

    /// <summary>The compact form <c>..signature</c> (RFC 8225 §7).</summary>
    public string CompactForm => ".." + SignatureSegment;

    /// <summary>
    /// Verifies the ES256 signature over <c>ASCII(header "." payload)</c> (RFC 7515 §5.2) with a
    /// P-256 public key. Returns false for a wrong key or a tampered token; never throws for bad input.
    /// </summary>
    public bool VerifySignature(ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (_signature.Length != Es256SignatureLength)
        {
            return false;
        }

        var length = HeaderSegment.Length + 1 + PayloadSegment.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            // Segments are validated base64url, so they are ASCII.
            var written = Encoding.ASCII.GetBytes(HeaderSegment, rented);
            rented[written++] = (byte)'.';
            written += Encoding.ASCII.GetBytes(PayloadSegment, rented.AsSpan(written));
            return publicKey.VerifyData(rented.AsSpan(0, written), _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes a full-form PASSporT without throwing.</summary>
    /// <param name="jws">The token <c>h.p.s</c>.</param>
    public static ParseResult<PassportToken> TryParse(string jws)
    {
        ArgumentNullException.ThrowIfNull(jws);
        var first = jws.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : jws.IndexOf('.', first + 1);
        if (first <= 0 || second < 0 || second == first + 1 || jws.IndexOf('.', second + 1) >= 0)
        {
            return ParseResult<PassportToken>.Fail(ParseErrorCode.WrongSegmentCount, Math.Max(first, 0), "a full-form PASSporT has three non-empty segments: header.payload.signature");
        }

        var headerSegment = jws[..first];
        var payloadSegment = jws[(first + 1)..second];
        var signatureSegment = jws[(second + 1)..];

        if (!TryDecodeObject(headerSegment, 0, "header", out var headerJson, out var error))
        {
            return ParseResult<PassportToken>.Fail(error);
        }

        if (!TryDecodeObject(payloadSegment, first + 1, "payload", out var payloadJson, out error))
        {
            return ParseResult<PassportToken>.Fail(error);
        }

        var signature = Base64Url.TryDecode(signatureSegment);
        if (signature is null)
        {
            return ParseResult<PassportToken>.Fail(ParseErrorCode.InvalidBase64Url, second + 1, "the signature segment is not strict base64url");
        }

        if (signature.Length != Es256SignatureLength)
        {
            return ParseResult<PassportToken>.Fail(ParseErrorCode.InvalidSignatureLength, second + 1, $"the signature is {signature.Length} bytes; ES256 requires {Es256SignatureLength} (R||S)");
        }

        if (!TryReadHeader(headerJson!, out var header, out error))
        {
            return ParseResult<PassportToken>.Fail(error);
        }

        if (!PassportClaims.TryFromJson(payloadJson!, out var claims, out var code, out var message))
        {
            return ParseResult<PassportToken>.Fail(code, first + 1, message!);
        }

        return ParseResult<PassportToken>.Ok(new PassportToken(headerSegment, payloadSegment, signatureSegment, signature, header!, claims!));
    }

    /// <summary>
    /// Builds a token from a header and claims serialized canonically (RFC 8225 §9) and a
    /// signature: used to rebuild a compact-form PASSporT (RFC 8224 §4.1).
    /// </summary>
    public static PassportToken FromParts(PassportHeader header, PassportClaims claims, ReadOnlySpan<byte> signature)
    {
        var (headerSegment, payloadSegment) = Segments(header, claims);
        return new PassportToken(headerSegment, payloadSegment, Base64Url.Encode(signature), signature.ToArray(), header, claims);
    }

    /// <summary>The signing input <c>ASCII(header "." payload)</c> of a header and claims, serialized canonically.</summary>
    public static byte[] GetSigningInput(PassportHeader header, PassportClaims claims)
    {
        var (headerSegment, payloadSegment) = Segments(header, claims);
        return Encoding.ASCII.GetBytes(headerSegment + "." + payloadSegment);
    }

    /// <summary>Serializes canonically once, signs the signing input with <paramref name="sign"/>, and returns the token.</summary>
    internal static PassportToken Sign(PassportHeader header, PassportClaims claims, Func<byte[], byte[]> sign)
    {
        var (headerSegment, payloadSegment) = Segments(header, claims);
        var signature = sign(Encoding.ASCII.GetBytes(headerSegment + "." + payloadSegment));
        return new PassportToken(headerSegment, payloadSegment, Base64Url.Encode(signature), signature, header, claims);
    }

    private static (string Header, string Payload) Segments(PassportHeader header, PassportClaims claims)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(claims);
        return (Base64Url.Encode(CanonicalJsonWriter.ToUtf8(header.ToJson())), Base64Url.Encode(CanonicalJsonWriter.ToUtf8(claims.ToJson())));
    }

    private static bool TryDecodeObject(string segment, int position, string what, out JsonNode? json, out ParseError error)
    {
        json = null;
        var bytes = Base64Url.TryDecode(segment);
        if (bytes is null)
        {
            error = new ParseError(ParseErrorCode.InvalidBase64Url, position, $"the {what} segment is not strict base64url");
            return false;
        }

        if (!StrictJsonReader.TryReadObject(bytes, out json, out var code, out var message))
        {
            error = new ParseError(code, position, $"the {what} {message}");
            return false;
        }

        error = default;
        return true;
    }

    private static bool TryReadHeader(JsonNode json, out PassportHeader? header, out ParseError error)
    {
        header = null;
        var values = new string?[HeaderParameters.Length];
        for (var i = 0; i < HeaderParameters.Length; i++)
        {
            var node = json[HeaderParameters[i]];
            if (node is null)
            {
                continue;
            }

            if (node.Kind != JsonKind.String)
            {
                error = new ParseError(ParseErrorCode.InvalidClaim, 0, $"header parameter \"{HeaderParameters[i]}\" must be a string");
                return false;
            }

            values[i] = node.Text;
        }

        header = new PassportHeader(values[0], values[1], values[2], values[3], json);
        error = default;
        return true;
    }
}
