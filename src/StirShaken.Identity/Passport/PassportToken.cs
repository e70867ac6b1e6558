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

    /// <summary>
    /// Decodes a full-form PASSporT without throwing for any input: every decoding failure (segments,
    /// strict base64url, JSON that is not well-formed UTF-8 or holds an unpaired surrogate escape,
    /// duplicate member names, JSON types of the header parameters and claims, signature length) is a
    /// failed result (RFC 7515 §5.2, RFC 8259 §8.1–8.2, RFC 8225 §9). Error positions are character offsets into
    /// <paramref name="jws"/>: inside the header or payload they point at the base64url character
    /// that encodes the offending JSON byte (the segment start when no finer position is known).
    /// </summary>
    /// <param name="jws">The token <c>h.p.s</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="jws"/> is null.</exception>
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

        var headerJson = DecodeObject(headerSegment, "header");
        if (!headerJson.IsSuccess)
        {
            return headerJson.FailAs<PassportToken>();
        }

        var payloadJson = DecodeObject(payloadSegment, "payload");
        if (!payloadJson.IsSuccess)
        {
            return payloadJson.FailAs<PassportToken>(first + 1);
        }

        var signature = Base64Url.TryDecode(signatureSegment);
        if (!signature.IsSuccess)
        {
            return ParseResult<PassportToken>.Fail(ParseErrorCode.InvalidBase64Url, second + 1 + signature.Error.Position, "the signature segment is not strict base64url");
        }

        if (signature.Value.Length != Es256SignatureLength)
        {
            return ParseResult<PassportToken>.Fail(ParseErrorCode.InvalidSignatureLength, second + 1, $"the signature is {signature.Value.Length} bytes; ES256 requires {Es256SignatureLength} (R||S)");
        }

        var header = PassportHeader.FromJson(headerJson.Value);
        if (!header.IsSuccess)
        {
            return InSegment(header.Error, 0);
        }

        var claims = PassportClaims.FromJson(payloadJson.Value);
        if (!claims.IsSuccess)
        {
            return InSegment(claims.Error, first + 1);
        }

        return ParseResult<PassportToken>.Ok(new PassportToken(headerSegment, payloadSegment, signatureSegment, signature.Value, header.Value, claims.Value));
    }

    /// <summary>
    /// Decodes only the JOSE header of a full-form PASSporT (the text before the first <c>.</c>), so that the
    /// security-relevant parameters (<c>alg</c>, <c>typ</c>, <c>ppt</c>, <c>crit</c>) can be judged before the
    /// rest of the token's structure (README "JOSE header parameters"). Never throws.
    /// </summary>
    internal static ParseResult<PassportHeader> TryParseHeader(string jws)
    {
        var first = jws.IndexOf('.', StringComparison.Ordinal);
        if (first <= 0)
        {
            return ParseResult<PassportHeader>.Fail(ParseErrorCode.WrongSegmentCount, 0, "a full-form PASSporT starts with a header segment");
        }

        var json = DecodeObject(jws[..first], "header");
        if (!json.IsSuccess)
        {
            return json.FailAs<PassportHeader>();
        }

        var header = PassportHeader.FromJson(json.Value);
        return header.IsSuccess ? header : ParseResult<PassportHeader>.Fail(header.Error with { Position = ToCharOffset(header.Error.Position) });
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

    // Base64url then strict JSON; positions are character offsets into the segment.
    private static ParseResult<JsonNode> DecodeObject(string segment, string what)
    {
        var bytes = Base64Url.TryDecode(segment);
        if (!bytes.IsSuccess)
        {
            return ParseResult<JsonNode>.Fail(ParseErrorCode.InvalidBase64Url, bytes.Error.Position, $"the {what} segment is not strict base64url");
        }

        var json = StrictJsonReader.ReadObject(bytes.Value);
        return json.IsSuccess
            ? json
            : ParseResult<JsonNode>.Fail(json.Error.Code, ToCharOffset(json.Error.Position), $"the {what} {json.Error.Message}");
    }

    // An error whose position is a byte offset into a segment's JSON, moved to a character offset into the token.
    private static ParseResult<PassportToken> InSegment(ParseError error, int segmentStart) =>
        ParseResult<PassportToken>.Fail(error with { Position = segmentStart + ToCharOffset(error.Position) });

    // Byte n of decoded base64url starts in character 4*(n/3) + n%3 (RFC 4648 §4: 3 bytes per 4 characters).
    private static int ToCharOffset(int byteOffset) => byteOffset < 0 ? 0 : byteOffset / 3 * 4 + byteOffset % 3;
}
