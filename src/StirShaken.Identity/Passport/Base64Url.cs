using System.Buffers;

namespace StirShaken.Identity.Passport;

/// <summary>
/// Strict base64url (RFC 4648 §5, RFC 7515 §2): URL-safe alphabet, no padding, no whitespace, and
/// zero unused trailing bits, so that every byte string has exactly one accepted encoding.
/// </summary>
public static class Base64Url
{
    /// <summary>Encodes bytes as base64url without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var length = ((data.Length + 2) / 3) * 4;
        char[]? rented = null;
        Span<char> buffer = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        Convert.TryToBase64Chars(data, buffer, out var written);
        while (written > 0 && buffer[written - 1] == '=')
        {
            written--;
        }

        for (var i = 0; i < written; i++)
        {
            buffer[i] = buffer[i] switch { '+' => '-', '/' => '_', var c => c };
        }

        var result = new string(buffer[..written]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return result;
    }

    /// <summary>The exact number of bytes a base64url text of <paramref name="encodedLength"/> characters decodes to, or -1 if that length is impossible.</summary>
    public static int GetDecodedLength(int encodedLength) => (encodedLength % 4) switch
    {
        0 => encodedLength / 4 * 3,
        2 => encodedLength / 4 * 3 + 1,
        3 => encodedLength / 4 * 3 + 2,
        _ => -1,
    };

    /// <summary>
    /// Decodes strict base64url into <paramref name="destination"/>, which must be at least
    /// <see cref="GetDecodedLength"/> bytes; the value is the number of bytes written. Fails with
    /// <see cref="ParseErrorCode.InvalidBase64Url"/> for any character outside the alphabet (at that
    /// character), padding, an impossible length or non-zero trailing bits (at the last character).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static ParseResult<int> TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination)
    {
        var decodedLength = GetDecodedLength(encoded.Length);
        if (decodedLength < 0)
        {
            return ParseResult<int>.Fail(ParseErrorCode.InvalidBase64Url, encoded.Length - 1, "a base64url text cannot have this length (RFC 4648 §5)");
        }

        if (destination.Length < decodedLength)
        {
            throw new ArgumentException($"The destination needs {decodedLength} bytes.", nameof(destination));
        }

        var written = 0;
        var bits = 0;
        var accumulator = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var value = Value(encoded[i]);
            if (value < 0)
            {
                return ParseResult<int>.Fail(ParseErrorCode.InvalidBase64Url, i, "character outside the base64url alphabet (RFC 4648 §5; no padding, RFC 7515 §2)");
            }

            accumulator = (accumulator << 6) | value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                destination[written++] = (byte)(accumulator >> bits);
                accumulator &= (1 << bits) - 1;
            }
        }

        // RFC 4648 §3.5: canonical encodings have zero pad bits.
        return accumulator == 0
            ? ParseResult<int>.Ok(written)
            : ParseResult<int>.Fail(ParseErrorCode.InvalidBase64Url, encoded.Length - 1, "non-zero unused trailing bits (RFC 4648 §3.5)");
    }

    /// <summary>
    /// Decodes strict base64url into a new array. Errors are those of
    /// <see cref="TryDecode(ReadOnlySpan{char}, Span{byte})"/>, positions relative to <paramref name="encoded"/>.
    /// </summary>
    public static ParseResult<byte[]> TryDecode(ReadOnlySpan<char> encoded)
    {
        var length = GetDecodedLength(encoded.Length);
        var bytes = new byte[Math.Max(length, 0)];
        var decoded = TryDecode(encoded, bytes);
        return decoded.IsSuccess ? ParseResult<byte[]>.Ok(bytes) : decoded.FailAs<byte[]>();
    }

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
