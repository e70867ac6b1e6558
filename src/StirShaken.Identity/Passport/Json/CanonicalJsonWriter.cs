using System.Buffers;
using System.Globalization;
using System.Text;

namespace StirShaken.Identity.Passport.Json;

/// <summary>
/// RFC 8225 §9 deterministic JSON: no whitespace, members sorted by code point (ordinal), lower-case
/// literals, recursive. The bytes are pinned down here, not left to an encoder's options, because
/// RFC 9795 §6 digests them (<c>rcdi</c>): strings are written as raw UTF-8 with only <c>"</c>, <c>\</c>
/// and the C0 controls escaped (<c>\b \t \n \f \r</c>, else <c>\u00xx</c> in lower-case hex, the RFC 8785
/// §3.2.2.2 rules); <c>/</c>, <c>+</c>, <c>&lt;</c>, DEL and all non-ASCII stay literal. A lone surrogate
/// (not representable in UTF-8) is written as <c>\udxxx</c>. Numbers are written as received.
/// </summary>
internal static class CanonicalJsonWriter
{
    public static byte[] ToUtf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, node);
        return buffer.WrittenSpan.ToArray();
    }

    public static string ToText(JsonNode node) => Encoding.UTF8.GetString(ToUtf8(node));

    private static void Write(ArrayBufferWriter<byte> output, JsonNode node)
    {
        switch (node.Kind)
        {
            case JsonKind.Object:
                Ascii(output, "{");
                var members = node.Members!.ToArray();
                // Ordinal comparison of UTF-16 code units equals code-point order except for
                // surrogates vs U+E000..U+FFFF; claim names are US-ASCII (RFC 8225 §5) so this is exact.
                Array.Sort(members, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                for (var i = 0; i < members.Length; i++)
                {
                    if (i > 0)
                    {
                        Ascii(output, ",");
                    }

                    WriteString(output, members[i].Key);
                    Ascii(output, ":");
                    Write(output, members[i].Value);
                }

                Ascii(output, "}");
                break;
            case JsonKind.Array:
                Ascii(output, "[");
                for (var i = 0; i < node.Items!.Count; i++)
                {
                    if (i > 0)
                    {
                        Ascii(output, ",");
                    }

                    Write(output, node.Items[i]);
                }

                Ascii(output, "]");
                break;
            case JsonKind.String:
                WriteString(output, node.Text!);
                break;
            case JsonKind.Number:
                Ascii(output, node.Text!);
                break;
            case JsonKind.True:
                Ascii(output, "true");
                break;
            case JsonKind.False:
                Ascii(output, "false");
                break;
            default:
                Ascii(output, "null");
                break;
        }
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                default:
                    if (c < 0x20 || (char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))) || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1]))))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
        var text = builder.ToString();
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void Ascii(ArrayBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }
}
