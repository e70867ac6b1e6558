using System.Text;
using CsCheck;

namespace StirShaken.Identity.Tests.Fuzzing;

/// <summary>One edit of a byte or character sequence; positions wrap modulo the length, so any mutation applies to any input.</summary>
internal readonly record struct Mutation(int Kind, int Where, int Span, int Pick)
{
    public override string ToString() => $"{(MutationKind)Kind}@{Where}/{Span}/{Pick}";
}

internal enum MutationKind
{
    FlipBit,
    SetByte,
    Delete,
    InsertToken,
    Duplicate,
    ReplaceWithToken,
    Truncate,
    InsertByte,
    Swap,
    Repeat,
}

/// <summary>
/// The mutation engine of the property-based fuzzers (README "Fuzzing"): generic byte edits plus a dictionary of the
/// tokens that broke parsers before (surrogate escapes, invalid UTF-8, JSON and SIP punctuation, JOSE names).
/// </summary>
internal static class Mutations
{
    /// <summary>Interesting tokens for any layer: JSON, base64url, SIP, URI, Unicode.</summary>
    public static readonly byte[][] Dictionary =
    [
        .. new[]
        {
            "\\ud800", "\\udc00", "\\udbff\\udfff", "\\u0000", "\\u001f", "\\\"", "\\\\", "\\", "\"", "{", "}", "[", "]", ",", ":", "null", "true", "1e400", "-0",
            "9223372036854775808", "[[[[[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":", "\"crit\":[\"foo\"],", "\"alg\":\"none\",",
            "\"ppt\":\"shaken\",", "\"x5u\":\"", "\"typ\":\"passport\",", "\"origid\":\"", "\"orig\":{\"tn\":\"", "\"dest\":{\"tn\":[\"", "\"iat\":", "\"div\":{\"tn\":\"1\"},",
            ".", "..", "=", "==", "-", "_", "+", "/", "eyJ", "e30", "AA", ";", ";info=<", ">", "<", ";alg=", ";ppt=", "\r\n", "\n", "\r\n ", "\r\n\r\n", "\t", " ",
            "%00", "%", "@", "sip:", "tel:", "https://", "http://[::ffff:0:7f00:1]/", "Identity: ", "Date: ", "From: ", "To: ", "P-Asserted-Identity: ", "Content-Length: 99999",
            "\u00e9", "\u20ac", "\ud83d\ude00", "\ufeff", "\u2028",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xFE], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00], [0x7F],
    ];

    /// <summary>One mutation; small spans dominate.</summary>
    public static readonly Gen<Mutation> One = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1 << 20], Gen.Int[1, 12], Gen.Int[0, 1 << 20], static (k, w, s, p) => new Mutation(k, w, s, p));

    /// <summary>0 to <paramref name="max"/> mutations.</summary>
    public static Gen<Mutation[]> Some(int max) => One.Array[0, max];

    /// <summary>1 to <paramref name="max"/> mutations.</summary>
    public static Gen<Mutation[]> AtLeastOne(int max) => One.Array[1, max];

    public static byte[] Apply(byte[] input, Mutation[] mutations, int maxLength = 64 * 1024)
    {
        var bytes = new List<byte>(input);
        foreach (var m in mutations)
        {
            Apply(bytes, m, maxLength);
        }

        return [.. bytes];
    }

    /// <summary>Mutates the UTF-8 of <paramref name="input"/> and decodes the result as Latin-1, so each byte is one char (raw 0x80-0xFF survive).</summary>
    public static string ApplyToText(string input, Mutation[] mutations, int maxLength = 64 * 1024) =>
        mutations.Length == 0 ? input : Encoding.Latin1.GetString(Apply(Encoding.UTF8.GetBytes(input), mutations, maxLength));

    /// <summary>Mutates UTF-16 text by characters (a token is inserted as its UTF-8 decoded text), keeping non-ASCII characters.</summary>
    public static string ApplyToChars(string input, Mutation[] mutations, int maxLength = 64 * 1024)
    {
        var chars = new List<char>(input);
        foreach (var m in mutations)
        {
            var token = Encoding.UTF8.GetString(Dictionary[m.Pick % Dictionary.Length]).ToCharArray();
            var at = chars.Count == 0 ? 0 : m.Where % (chars.Count + 1);
            switch ((MutationKind)m.Kind)
            {
                case MutationKind.FlipBit when chars.Count > 0:
                    var i = m.Where % chars.Count;
                    chars[i] = (char)(chars[i] ^ (1 << (m.Pick % 16)));
                    break;
                case MutationKind.SetByte or MutationKind.InsertByte:
                    chars.Insert(at, (char)(m.Pick & 0xFFFF));
                    break;
                case MutationKind.Delete:
                    chars.RemoveRange(Math.Min(at, chars.Count), Math.Min(m.Span, chars.Count - Math.Min(at, chars.Count)));
                    break;
                case MutationKind.Truncate:
                    chars.RemoveRange(Math.Min(at, chars.Count), chars.Count - Math.Min(at, chars.Count));
                    break;
                default:
                    if (chars.Count + token.Length <= maxLength)
                    {
                        chars.InsertRange(at, token);
                    }

                    break;
            }
        }

        return new string([.. chars]);
    }

    private static void Apply(List<byte> bytes, Mutation m, int maxLength)
    {
        var token = Dictionary[m.Pick % Dictionary.Length];
        var count = bytes.Count;
        var at = count == 0 ? 0 : m.Where % (count + 1);
        var inside = count == 0 ? 0 : m.Where % count;
        var span = Math.Min(m.Span, count - Math.Min(at, count));
        switch ((MutationKind)m.Kind)
        {
            case MutationKind.FlipBit when count > 0:
                bytes[inside] ^= (byte)(1 << (m.Pick % 8));
                break;
            case MutationKind.SetByte when count > 0:
                bytes[inside] = (byte)m.Pick;
                break;
            case MutationKind.Delete:
                bytes.RemoveRange(at, span);
                break;
            case MutationKind.InsertToken when count + token.Length <= maxLength:
                bytes.InsertRange(at, token);
                break;
            case MutationKind.Duplicate when count + span <= maxLength:
                bytes.InsertRange(at, bytes.GetRange(at, span));
                break;
            case MutationKind.ReplaceWithToken when count + token.Length <= maxLength:
                bytes.RemoveRange(at, span);
                bytes.InsertRange(at, token);
                break;
            case MutationKind.Truncate:
                bytes.RemoveRange(at, count - at);
                break;
            case MutationKind.InsertByte when count < maxLength:
                bytes.Insert(at, (byte)m.Pick);
                break;
            case MutationKind.Swap when count > 1:
                var other = m.Pick % count;
                (bytes[inside], bytes[other]) = (bytes[other], bytes[inside]);
                break;
            case MutationKind.Repeat when count + span * 16 <= maxLength:
                var region = bytes.GetRange(at, span);
                for (var r = 0; r < 16; r++)
                {
                    bytes.InsertRange(at, region);
                }

                break;
            default:
                break;
        }
    }
}
