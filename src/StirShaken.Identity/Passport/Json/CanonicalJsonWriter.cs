using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StirShaken.Identity.Passport.Json;

/// <summary>
/// RFC 8225 §9 deterministic JSON: no whitespace, members sorted by code point (ordinal), lower-case
/// literals, recursive. Non-ASCII is written as UTF-8, not escaped (JWT default JSON encoding).
/// </summary>
internal static class CanonicalJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    public static byte[] ToUtf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, node);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string ToText(JsonNode node) => System.Text.Encoding.UTF8.GetString(ToUtf8(node));

    private static void Write(Utf8JsonWriter writer, JsonNode node)
    {
        switch (node.Kind)
        {
            case JsonKind.Object:
                writer.WriteStartObject();
                var members = node.Members!.ToArray();
                // Ordinal comparison of UTF-16 code units equals code-point order except for
                // surrogates vs U+E000..U+FFFF; claim names are US-ASCII (RFC 8225 §5) so this is exact.
                Array.Sort(members, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                foreach (var member in members)
                {
                    writer.WritePropertyName(member.Key);
                    Write(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonKind.Array:
                writer.WriteStartArray();
                foreach (var item in node.Items!)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonKind.String:
                writer.WriteStringValue(node.Text);
                break;
            case JsonKind.Number:
                writer.WriteRawValue(node.Text!, skipInputValidation: false);
                break;
            case JsonKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
