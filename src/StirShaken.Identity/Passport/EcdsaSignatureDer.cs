namespace StirShaken.Identity.Passport;

/// <summary>
/// Re-encodes a fixed-length ES256 signature R‖S (RFC 7518 §3.4) as the DER <c>ECDSA-Sig-Value</c>
/// <c>SEQUENCE { r INTEGER, s INTEGER }</c> (RFC 3279 §2.2.3) into a caller's buffer, without allocating.
/// A format conversion only: the verification itself is the platform's.
/// </summary>
internal static class EcdsaSignatureDer
{
    /// <summary>Largest encoding of a P-256 signature: 2 (SEQUENCE) + 2 × (2 + 1 + 32) (INTEGER with a sign byte).</summary>
    public const int MaxLength = 72;

    /// <summary>Writes the DER form of the 64-byte <paramref name="p1363"/> into <paramref name="destination"/> (≥ <see cref="MaxLength"/> bytes); returns its length.</summary>
    public static int FromP1363(ReadOnlySpan<byte> p1363, Span<byte> destination)
    {
        var half = p1363.Length / 2;
        var r = p1363[..half];
        var s = p1363[half..];
        var rLength = IntegerLength(r);
        var sLength = IntegerLength(s);
        destination[0] = 0x30; // SEQUENCE; content ≤ 70 bytes, so a one-byte length (X.690 §8.1.3.4)
        destination[1] = (byte)(rLength + sLength);
        var written = 2;
        written += WriteInteger(r, destination[written..]);
        written += WriteInteger(s, destination[written..]);
        return written;
    }

    // X.690 §8.3: minimal two's complement; an unsigned value with its top bit set gets a leading zero byte.
    private static int IntegerLength(ReadOnlySpan<byte> value)
    {
        var trimmed = Trim(value);
        return 2 + trimmed.Length + (trimmed[0] >= 0x80 ? 1 : 0);
    }

    private static int WriteInteger(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        var trimmed = Trim(value);
        var pad = trimmed[0] >= 0x80 ? 1 : 0;
        destination[0] = 0x02; // INTEGER
        destination[1] = (byte)(trimmed.Length + pad);
        if (pad == 1)
        {
            destination[2] = 0;
        }

        trimmed.CopyTo(destination[(2 + pad)..]);
        return 2 + pad + trimmed.Length;
    }

    // Leading zero bytes removed, keeping at least one byte (zero itself is the one byte 00).
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }
}
