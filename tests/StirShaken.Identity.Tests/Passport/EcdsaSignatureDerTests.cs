using System.Formats.Asn1;
using System.Security.Cryptography;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Tests.Passport;

/// <summary>The allocation-free R‖S → DER re-encoding used by the ES256 check matches the BCL's AsnWriter byte for byte.</summary>
public class EcdsaSignatureDerTests
{
    private static IEnumerable<byte[]> Signatures()
    {
        var random = new Random(8224);
        for (var i = 0; i < 200; i++)
        {
            var signature = new byte[64];
            random.NextBytes(signature);
            yield return signature;
        }

        yield return new byte[64]; // r = s = 0: one zero byte each
        yield return [.. Enumerable.Repeat((byte)0xFF, 64)]; // top bit set: a sign byte each
        var leadingZeros = new byte[64];
        leadingZeros[5] = 0x7F;
        leadingZeros[63] = 0x01;
        yield return leadingZeros; // r and s shorter than 32 bytes
    }

    [TestCaseSource(nameof(Signatures))]
    public void Matches_the_platform_DER_encoding(byte[] p1363)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        writer.WriteIntegerUnsigned(Minimal(p1363.AsSpan(0, 32)));
        writer.WriteIntegerUnsigned(Minimal(p1363.AsSpan(32)));
        writer.PopSequence();

        Span<byte> der = stackalloc byte[EcdsaSignatureDer.MaxLength];
        var length = EcdsaSignatureDer.FromP1363(p1363, der);

        Assert.That(der[..length].ToArray(), Is.EqualTo(writer.Encode()));
    }

    [Test]
    public void A_real_signature_converts_to_what_the_platform_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = "header.payload"u8.ToArray();
        var p1363 = key.SignData(data, HashAlgorithmName.SHA256);
        Span<byte> der = stackalloc byte[EcdsaSignatureDer.MaxLength];
        var length = EcdsaSignatureDer.FromP1363(p1363, der);

        Assert.That(key.VerifyData(data, der[..length], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), Is.True);
        data[0] ^= 1;
        Assert.That(key.VerifyData(data, der[..length], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), Is.False);
    }

    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        while (value.Length > 1 && value[0] == 0)
        {
            value = value[1..];
        }

        return value;
    }
}
