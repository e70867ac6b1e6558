using System.Text.Json;

namespace StirShaken.Identity.Passport.Json;

/// <summary>
/// Reads one JSON object strictly: well-formed UTF-8 JSON (RFC 8259), no comments, no trailing
/// commas, bounded depth, and no duplicate member names at any level (RFC 8225 §9).
/// </summary>
internal static class StrictJsonReader
{
    private const int MaxDepth = 16;

    public static bool TryReadObject(ReadOnlySpan<byte> utf8, out JsonNode? node, out ParseErrorCode code, out string? error)
    {
        node = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(out code, out error, ParseErrorCode.InvalidJson, "is not a JSON object");
            }

            if (!TryReadValue(ref reader, out node, out var duplicate))
            {
                return Fail(out code, out error, ParseErrorCode.DuplicateJsonKey, $"has a duplicate JSON member \"{duplicate}\"");
            }

            if (reader.Read())
            {
                return Fail(out code, out error, ParseErrorCode.InvalidJson, "has data after the JSON object");
            }
        }
        catch (JsonException e)
        {
            node = null;
            return Fail(out code, out error, ParseErrorCode.InvalidJson, $"is not valid JSON (byte {e.BytePositionInLine})");
        }

        code = default;
        error = null;
        return true;
    }

    // Positioned on the value's first token; leaves the reader on its last token.
    private static bool TryReadValue(ref Utf8JsonReader reader, out JsonNode? node, out string? duplicate)
    {
        duplicate = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<KeyValuePair<string, JsonNode>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    foreach (var existing in members)
                    {
                        if (existing.Key == name)
                        {
                            node = null;
                            duplicate = name;
                            return false;
                        }
                    }

                    reader.Read();
                    if (!TryReadValue(ref reader, out var value, out duplicate))
                    {
                        node = null;
                        return false;
                    }

                    members.Add(new(name, value!));
                }

                node = JsonNode.Object(members);
                return true;
            case JsonTokenType.StartArray:
                var items = new List<JsonNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!TryReadValue(ref reader, out var item, out duplicate))
                    {
                        node = null;
                        return false;
                    }

                    items.Add(item!);
                }

                node = JsonNode.Array(items);
                return true;
            case JsonTokenType.String:
                node = JsonNode.String(reader.GetString()!);
                return true;
            case JsonTokenType.Number:
                node = JsonNode.Number(System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                return true;
            case JsonTokenType.True:
                node = JsonNode.Literal(JsonKind.True);
                return true;
            case JsonTokenType.False:
                node = JsonNode.Literal(JsonKind.False);
                return true;
            default:
                node = JsonNode.Literal(JsonKind.Null);
                return true;
        }
    }

    private static bool Fail(out ParseErrorCode code, out string? error, ParseErrorCode c, string message)
    {
        code = c;
        error = message;
        return false;
    }
}
