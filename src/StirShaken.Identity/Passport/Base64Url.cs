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
    /// <see cref="GetDecodedLength"/> bytes. Returns false (and writes nothing meaningful) for any
    /// character outside the alphabet, padding, an impossible length or non-zero trailing bits.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination, out int written)
    {
        written = 0;
        var decodedLength = GetDecodedLength(encoded.Length);
        if (decodedLength < 0 || destination.Length < decodedLength)
        {
            return false;
        }

        var bits = 0;
        var accumulator = 0;
        foreach (var c in encoded)
        {
            var value = Value(c);
            if (value < 0)
            {
                return false;
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
        return accumulator == 0;
    }

    /// <summary>Decodes strict base64url into a new array, or returns null when it is not strict base64url.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<char> encoded)
    {
        var length = GetDecodedLength(encoded.Length);
        if (length < 0)
        {
            return null;
        }

        var bytes = new byte[length];
        return TryDecode(encoded, bytes, out _) ? bytes : null;
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
