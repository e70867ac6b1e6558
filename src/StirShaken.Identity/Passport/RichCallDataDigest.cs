using System.Security.Cryptography;
using System.Text.Json;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>
/// <c>rcdi</c> digest values (RFC 9795 §6): <c>&lt;alg&gt;-&lt;base64 digest&gt;</c>, the alg a lower-case name
/// without hyphens (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>, the three an implementation must support), the
/// digest in standard base64 (RFC 4648 §4, <c>+</c> and <c>/</c>). Input bytes are the raw content behind a URI,
/// or for a JSON value inside <c>rcd</c> its RFC 8225 §9 serialization (a string with its quotes).
/// </summary>
/// <remarks>
/// Padding (README "Rich Call Data", decision 1): every RFC 9795/9796 example omits the <c>=</c> padding,
/// RFC 4648 has it by default; values are created unpadded unless asked and both forms verify (the decoded
/// bytes are compared in constant time).
/// </remarks>
public static class RichCallDataDigest
{
    /// <summary>The default algorithm, <c>sha256</c>.</summary>
    public const string Sha256 = "sha256";

    /// <summary><c>sha384</c>.</summary>
    public const string Sha384 = "sha384";

    /// <summary><c>sha512</c>.</summary>
    public const string Sha512 = "sha512";

    /// <summary>Computes a digest value over <paramref name="content"/> (e.g. the bytes of an image).</summary>
    /// <param name="content">The bytes digested.</param>
    /// <param name="algorithm"><c>sha256</c> (default), <c>sha384</c> or <c>sha512</c>.</param>
    /// <param name="padded">Keep the base64 <c>=</c> padding (default false, as in the RFC examples).</param>
    /// <returns>e.g. <c>sha256-SnEfXNA8Cf15ri8Zuy9xFo5xwYt1YmJqGujZnrwyEv8</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not one of the three.</exception>
    public static string Compute(ReadOnlySpan<byte> content, string algorithm = Sha256, bool padded = false)
    {
        var hash = Hash(algorithm, content) ?? throw new ArgumentException($"'{algorithm}' is not a supported rcdi algorithm (sha256, sha384, sha512).", nameof(algorithm));
        var base64 = Convert.ToBase64String(hash);
        return algorithm + "-" + (padded ? base64 : base64.TrimEnd('='));
    }

    /// <summary>Computes the digest value of a JSON value carried inside <c>rcd</c>, over its RFC 8225 §9 serialization.</summary>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not supported, or the value is undefined or has duplicate member names.</exception>
    public static string ComputeForJson(JsonElement value, string algorithm = Sha256, bool padded = false) =>
        Compute(CanonicalJsonWriter.ToUtf8(JsonElementBridge.ToNode(value, nameof(value))), algorithm, padded);

    /// <summary>The RFC 8225 §9 serialization of a JSON value (the input of its digest), as UTF-8.</summary>
    /// <exception cref="ArgumentException">The value is undefined or has duplicate member names.</exception>
    public static byte[] Canonicalize(JsonElement value) => CanonicalJsonWriter.ToUtf8(JsonElementBridge.ToNode(value, nameof(value)));

    /// <summary>Whether <paramref name="digestValue"/> is well formed and names a supported algorithm.</summary>
    public static bool IsSupported(string digestValue) => TryDecode(digestValue, out _, out _);

    /// <summary>
    /// Checks <paramref name="digestValue"/> against <paramref name="content"/>. False when the value is malformed,
    /// names an unsupported algorithm, or does not match.
    /// </summary>
    public static bool Verify(string digestValue, ReadOnlySpan<byte> content)
    {
        if (!TryDecode(digestValue, out var algorithm, out var expected))
        {
            return false;
        }

        var actual = Hash(algorithm, content)!;
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    internal static bool Verify(string digestValue, JsonNode value) => Verify(digestValue, CanonicalJsonWriter.ToUtf8(value));

    internal static string Compute(JsonNode value, string algorithm, bool padded) => Compute(CanonicalJsonWriter.ToUtf8(value), algorithm, padded);

    /// <summary>Splits <c>alg-base64</c>: the algorithm must be supported and the digest decode to its length (padding optional).</summary>
    internal static bool TryDecode(string? digestValue, out string algorithm, out byte[] digest)
    {
        algorithm = string.Empty;
        digest = [];
        var dash = digestValue?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0)
        {
            return false;
        }

        algorithm = digestValue![..dash];
        var length = algorithm switch { Sha256 => 32, Sha384 => 48, Sha512 => 64, _ => 0 };
        var text = digestValue[(dash + 1)..];
        if (length == 0 || text.Length == 0 || text.Any(static c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')))
        {
            return false;
        }

        var unpadded = text.TrimEnd('=');
        if (unpadded.Contains('=', StringComparison.Ordinal) || (text.Length != unpadded.Length && text.Length % 4 != 0))
        {
            return false;
        }

        var padded = unpadded.PadRight((unpadded.Length + 3) / 4 * 4, '=');
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written) || written != length)
        {
            return false;
        }

        digest = buffer[..written];
        return true;
    }

    private static byte[]? Hash(string algorithm, ReadOnlySpan<byte> content) => algorithm switch
    {
        Sha256 => SHA256.HashData(content),
        Sha384 => SHA384.HashData(content),
        Sha512 => SHA512.HashData(content),
        _ => null,
    };
}
