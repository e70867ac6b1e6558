using System.Text.Json;

namespace StirShaken.Identity.Passport.Json;

/// <summary>
/// Reads one JSON object strictly: well-formed UTF-8 JSON (RFC 8259), no comments, no trailing
/// commas, bounded depth, and no duplicate member names at any level (RFC 8225 §9, RFC 7515 §4).
/// </summary>
internal static class StrictJsonReader
{
    private const int MaxDepth = 16;

    /// <summary>
    /// Reads a JSON object. Error positions are byte offsets into <paramref name="utf8"/>; messages
    /// read as a predicate ("is not a JSON object") so callers can prefix what was read.
    /// </summary>
    public static ParseResult<JsonNode> ReadObject(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ParseResult<JsonNode>.Fail(ParseErrorCode.InvalidJson, 0, "is not a JSON object");
            }

            var value = ReadValue(ref reader);
            if (!value.IsSuccess)
            {
                return value;
            }

            if (reader.Read())
            {
                return ParseResult<JsonNode>.Fail(ParseErrorCode.InvalidJson, (int)reader.TokenStartIndex, "has data after the JSON object");
            }

            return value;
        }
        catch (JsonException e)
        {
            // BytePositionInLine is exact on the first line; otherwise the end of the last good token.
            var position = e.LineNumber == 0 && e.BytePositionInLine is { } inLine ? inLine : reader.BytesConsumed;
            return ParseResult<JsonNode>.Fail(ParseErrorCode.InvalidJson, (int)position, $"is not valid JSON (byte {position})");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString throws this (not a JsonException) for a string that is not valid UTF-8 (RFC 8259 §8.1).
            return ParseResult<JsonNode>.Fail(ParseErrorCode.InvalidJson, (int)reader.TokenStartIndex, $"is not valid UTF-8 JSON (byte {reader.TokenStartIndex})");
        }
    }

    // Positioned on the value's first token; leaves the reader on its last token.
    private static ParseResult<JsonNode> ReadValue(ref Utf8JsonReader reader)
    {
        var offset = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<KeyValuePair<string, JsonNode>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameOffset = (int)reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    foreach (var existing in members)
                    {
                        if (existing.Key == name)
                        {
                            return ParseResult<JsonNode>.Fail(ParseErrorCode.DuplicateJsonKey, nameOffset, $"has a duplicate JSON member \"{name}\"");
                        }
                    }

                    reader.Read();
                    var value = ReadValue(ref reader);
                    if (!value.IsSuccess)
                    {
                        return value;
                    }

                    members.Add(new(name, value.Value));
                }

                return ParseResult<JsonNode>.Ok(JsonNode.Object(members, offset));
            case JsonTokenType.StartArray:
                var items = new List<JsonNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = ReadValue(ref reader);
                    if (!item.IsSuccess)
                    {
                        return item;
                    }

                    items.Add(item.Value);
                }

                return ParseResult<JsonNode>.Ok(JsonNode.Array(items, offset));
            case JsonTokenType.String:
                return ParseResult<JsonNode>.Ok(JsonNode.String(reader.GetString()!, offset));
            case JsonTokenType.Number:
                return ParseResult<JsonNode>.Ok(JsonNode.Number(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), offset));
            case JsonTokenType.True:
                return ParseResult<JsonNode>.Ok(JsonNode.Literal(JsonKind.True, offset));
            case JsonTokenType.False:
                return ParseResult<JsonNode>.Ok(JsonNode.Literal(JsonKind.False, offset));
            default:
                return ParseResult<JsonNode>.Ok(JsonNode.Literal(JsonKind.Null, offset));
        }
    }
}
