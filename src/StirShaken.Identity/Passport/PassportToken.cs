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

    // The segments are ranges of the received text, materialized as strings only when asked for: the hot path
    // (decode, verify) reads them as spans (README "Performance").
    private readonly string _source;
    private readonly int _headerStart;
    private readonly int _payloadStart;
    private readonly int _signatureStart;
    private readonly int _end;
    private string? _headerSegment;
    private string? _payloadSegment;
    private string? _signatureSegment;

    private PassportToken(string headerSegment, string payloadSegment, string signatureSegment, byte[] signature, PassportHeader header, PassportClaims claims)
        : this(string.Concat(headerSegment, ".", payloadSegment, ".", signatureSegment), 0, headerSegment.Length + 1, headerSegment.Length + payloadSegment.Length + 2, -1, signature, header, claims)
    {
        _headerSegment = headerSegment;
        _payloadSegment = payloadSegment;
        _signatureSegment = signatureSegment;
    }

    private PassportToken(string source, int headerStart, int payloadStart, int signatureStart, int end, byte[] signature, PassportHeader header, PassportClaims claims)
    {
        _source = source;
        _headerStart = headerStart;
        _payloadStart = payloadStart;
        _signatureStart = signatureStart;
        _end = end < 0 ? source.Length : end;
        _signature = signature;
        Header = header;
        Claims = claims;
    }

    /// <summary>The base64url header segment as received.</summary>
    public string HeaderSegment => _headerSegment ??= _source.Substring(_headerStart, _payloadStart - 1 - _headerStart);

    /// <summary>The base64url payload segment as received.</summary>
    public string PayloadSegment => _payloadSegment ??= _source.Substring(_payloadStart, _signatureStart - 1 - _payloadStart);

    /// <summary>The base64url signature segment.</summary>
    public string SignatureSegment => _signatureSegment ??= _source.Substring(_signatureStart, _end - _signatureStart);

    /// <summary><c>header.payload</c> as received: the JWS signing input (RFC 7515 §5.2), as characters.</summary>
    internal ReadOnlySpan<char> SigningInput => _source.AsSpan(_headerStart, _signatureStart - 1 - _headerStart);

    /// <summary>The raw signature bytes.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>The decoded JOSE header.</summary>
    public PassportHeader Header { get; }

    /// <summary>The decoded claims.</summary>
    public PassportClaims Claims { get; }

    /// <summary>The full form <c>header.payload.signature</c>.</summary>
    public string FullForm => _headerStart == 0 && _end == _source.Length ? _source : _source.Substring(_headerStart, _end - _headerStart);

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

        // SHA-256 of the signing input into a stack buffer, and the signature as the DER SEQUENCE the platform's
        // OpenSSL verifier takes natively: ECDsa.VerifyData with IEEE P1363 would allocate ~1.2 KB per call to
        // convert it (README "Performance"). Same primitive, same result.
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var input = SigningInput;
        var rented = ArrayPool<byte>.Shared.Rent(input.Length);
        try
        {
            // Segments are validated base64url, so they are ASCII.
            var written = Encoding.ASCII.GetBytes(input, rented);
            SHA256.HashData(rented.AsSpan(0, written), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        Span<byte> der = stackalloc byte[EcdsaSignatureDer.MaxLength];
        var derLength = EcdsaSignatureDer.FromP1363(_signature, der);
        try
        {
            return publicKey.VerifyHash(hash, der[..derLength], DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
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
        return TryParse(jws, 0, jws.Length);
    }

    /// <summary>As <see cref="TryParse(string)"/> for the token at <paramref name="start"/> (<paramref name="length"/> characters) of <paramref name="source"/>, without copying it.</summary>
    internal static ParseResult<PassportToken> TryParse(string source, int start, int length)
    {
        var jws = source.AsSpan(start, length);
        var first = jws.IndexOf('.');
        var second = first < 0 ? -1 : jws[(first + 1)..].IndexOf('.') is var j and >= 0 ? first + 1 + j : -1;
        if (first <= 0 || second < 0 || second == first + 1 || jws[(second + 1)..].IndexOf('.') >= 0)
        {
            return ParseResult<PassportToken>.Fail(ParseErrorCode.WrongSegmentCount, Math.Max(first, 0), "a full-form PASSporT has three non-empty segments: header.payload.signature");
        }

        var headerJson = DecodeObject(jws[..first], "header");
        if (!headerJson.IsSuccess)
        {
            return headerJson.FailAs<PassportToken>();
        }

        var payloadJson = DecodeObject(jws[(first + 1)..second], "payload");
        if (!payloadJson.IsSuccess)
        {
            return payloadJson.FailAs<PassportToken>(first + 1);
        }

        var signatureSegment = jws[(second + 1)..];
        var signatureLength = Base64Url.GetDecodedLength(signatureSegment.Length);
        if (signatureLength != Es256SignatureLength)
        {
            // Not 64 bytes: say first whether it is base64url at all (an error path; the token length is bounded).
            var whole = Base64Url.TryDecode(signatureSegment);
            return whole.IsSuccess
                ? ParseResult<PassportToken>.Fail(ParseErrorCode.InvalidSignatureLength, second + 1, $"the signature is {whole.Value.Length} bytes; ES256 requires {Es256SignatureLength} (R||S)")
                : ParseResult<PassportToken>.Fail(ParseErrorCode.InvalidBase64Url, second + 1 + whole.Error.Position, "the signature segment is not strict base64url");
        }

        var signature = new byte[Es256SignatureLength];
        var decodedSignature = Base64Url.TryDecode(signatureSegment, signature);
        if (!decodedSignature.IsSuccess)
        {
            return ParseResult<PassportToken>.Fail(ParseErrorCode.InvalidBase64Url, second + 1 + decodedSignature.Error.Position, "the signature segment is not strict base64url");
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

        return ParseResult<PassportToken>.Ok(new PassportToken(source, start, start + first + 1, start + second + 1, start + length, signature, header.Value, claims.Value));
    }

    /// <summary>
    /// Decodes only the JOSE header of a full-form PASSporT (the text before the first <c>.</c>), so that the
    /// security-relevant parameters (<c>alg</c>, <c>typ</c>, <c>ppt</c>, <c>crit</c>) can be judged before the
    /// rest of the token's structure (README "JOSE header parameters"). Never throws.
    /// </summary>
    internal static ParseResult<PassportHeader> TryParseHeader(ReadOnlySpan<char> jws)
    {
        var first = jws.IndexOf('.');
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
    private static ParseResult<JsonNode> DecodeObject(ReadOnlySpan<char> segment, string what)
    {
        // Decoded into a pooled buffer: the JSON tree keeps what it needs, never the bytes.
        var decodedLength = Base64Url.GetDecodedLength(segment.Length);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(decodedLength, 1));
        try
        {
            var bytes = Base64Url.TryDecode(segment, rented); // fails on an impossible length before writing
            if (!bytes.IsSuccess)
            {
                return ParseResult<JsonNode>.Fail(ParseErrorCode.InvalidBase64Url, bytes.Error.Position, $"the {what} segment is not strict base64url");
            }

            var json = StrictJsonReader.ReadObject(rented.AsSpan(0, bytes.Value));
            return json.IsSuccess
                ? json
                : ParseResult<JsonNode>.Fail(json.Error.Code, ToCharOffset(json.Error.Position), $"the {what} {json.Error.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // An error whose position is a byte offset into a segment's JSON, moved to a character offset into the token.
    private static ParseResult<PassportToken> InSegment(ParseError error, int segmentStart) =>
        ParseResult<PassportToken>.Fail(error with { Position = segmentStart + ToCharOffset(error.Position) });

    // Byte n of decoded base64url starts in character 4*(n/3) + n%3 (RFC 4648 §4: 3 bytes per 4 characters).
    private static int ToCharOffset(int byteOffset) => byteOffset < 0 ? 0 : byteOffset / 3 * 4 + byteOffset % 3;
}
