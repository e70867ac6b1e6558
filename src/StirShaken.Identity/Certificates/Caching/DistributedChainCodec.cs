using System.Buffers.Binary;

namespace StirShaken.Identity.Certificates.Caching;

/// <summary>
/// The L2 value: "SSX1", expiry (Unix ms, big-endian int64), certificate count, then each DER with
/// its int32 length. Decoding is defensive: anything odd is a miss.
/// </summary>
internal static class DistributedChainCodec
{
    private static ReadOnlySpan<byte> Magic => "SSX1"u8;

    public static byte[] Encode(CertificateChain chain, DateTimeOffset expiresAt)
    {
        var size = 4 + 8 + 1 + chain.RawData.Sum(d => 4 + d.Length);
        var buffer = new byte[size];
        Magic.CopyTo(buffer);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(4), expiresAt.ToUnixTimeMilliseconds());
        buffer[12] = (byte)chain.RawData.Count;
        var offset = 13;
        foreach (var der in chain.RawData)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(offset), der.Length);
            der.CopyTo(buffer, offset + 4);
            offset += 4 + der.Length;
        }

        return buffer;
    }

    public static bool TryDecode(byte[]? value, out CertificateChain? chain, out DateTimeOffset expiresAt)
    {
        chain = null;
        expiresAt = default;
        if (value is null || value.Length < 13 || !value.AsSpan(0, 4).SequenceEqual(Magic))
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(4)));
        var count = value[12];
        if (count is 0 or > CertificateChain.MaxCertificates)
        {
            return false;
        }

        var offset = 13;
        var certificates = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            if (offset + 4 > value.Length)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(value.AsSpan(offset));
            if (length <= 0 || length > value.Length - offset - 4)
            {
                return false;
            }

            certificates.Add(value.AsSpan(offset + 4, length).ToArray());
            offset += 4 + length;
        }

        if (offset != value.Length)
        {
            return false;
        }

        // Load through the same strict single-certificate loader as a download (the L2 is not trusted more than the network).
        var loaded = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>(count);
        foreach (var der in certificates)
        {
            var certificate = CertificateChain.Load(der, 0);
            if (!certificate.IsSuccess)
            {
                return false;
            }

            loaded.Add(certificate.Value);
        }

        chain = CertificateChain.FromCertificates(loaded);
        return true;
    }
}
