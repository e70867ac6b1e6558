using System.Buffers;
using System.Text;
using System.Text.Json;

namespace StirShaken.Identity.Passport.Json;

/// <summary>
/// Reads one JSON object strictly: well-formed UTF-8 JSON (RFC 8259), no comments, no trailing
/// commas, bounded depth, and no duplicate member names at any level (RFC 8225 §9, RFC 7515 §4).
/// Strings and member names must be well-formed Unicode: invalid UTF-8 bytes (RFC 8259 §8.1) and
/// unpaired surrogate escapes such as <c>"\ud800"</c> (RFC 8259 §8.2) are decode failures with the
/// offending byte's position, never exceptions: this reader never throws for any input.
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
                var members = new PooledList<KeyValuePair<string, JsonNode>>(8); // pooled, then one exact-size list
                try
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var nameOffset = (int)reader.TokenStartIndex;
                        var nameText = ReadString(ref reader);
                        if (!nameText.IsSuccess)
                        {
                            return nameText.FailAs<JsonNode>();
                        }

                        var name = nameText.Value;
                        for (var i = 0; i < members.Count; i++)
                        {
                            if (members[i].Key == name)
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

                    return ParseResult<JsonNode>.Ok(JsonNode.Object(members.ToList(), offset));
                }
                finally
                {
                    members.Dispose();
                }

            case JsonTokenType.StartArray:
                var items = new PooledList<JsonNode>(8);
                try
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var item = ReadValue(ref reader);
                        if (!item.IsSuccess)
                        {
                            return item;
                        }

                        items.Add(item.Value);
                    }

                    return ParseResult<JsonNode>.Ok(JsonNode.Array(items.ToList(), offset));
                }
                finally
                {
                    items.Dispose();
                }

            case JsonTokenType.String:
                var text = ReadString(ref reader);
                return text.IsSuccess ? ParseResult<JsonNode>.Ok(JsonNode.String(text.Value, offset)) : text.FailAs<JsonNode>();
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

    // The reader has checked the escape grammar (RFC 8259 §7) and control characters, but not that the text is
    // well-formed Unicode: Utf8JsonReader.GetString throws InvalidOperationException for invalid UTF-8 and for
    // unpaired surrogate escapes. We decode ourselves so that each is a value with the byte offset.
    private static ParseResult<string> ReadString(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan; // span-based reader: never a sequence
        var start = (int)reader.TokenStartIndex + 1; // after the opening quote
        if (!reader.ValueIsEscaped)
        {
            if (KnownStrings.Find(raw) is { } known)
            {
                return ParseResult<string>.Ok(known);
            }

            var invalid = FirstInvalidUtf8(raw);
            return invalid < 0
                ? ParseResult<string>.Ok(Encoding.UTF8.GetString(raw))
                : InvalidUtf8(start + invalid);
        }

        var builder = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\')
            {
                var status = Rune.DecodeFromUtf8(raw[i..], out var rune, out var consumed);
                if (status != OperationStatus.Done)
                {
                    return InvalidUtf8(start + i);
                }

                builder.Append(rune.ToString());
                i += consumed;
                continue;
            }

            var escape = raw[i + 1];
            if (escape != (byte)'u')
            {
                builder.Append(escape switch
                {
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    _ => (char)escape, // '"', '\\', '/'
                });
                i += 2;
                continue;
            }

            var unit = Hex4(raw.Slice(i + 2, 4));
            if (char.IsLowSurrogate(unit))
            {
                return UnpairedSurrogate(start + i, unit);
            }

            if (char.IsHighSurrogate(unit))
            {
                // RFC 8259 §7: a character outside the BMP is a pair of escapes, high then low.
                if (i + 12 > raw.Length || raw[i + 6] != (byte)'\\' || raw[i + 7] != (byte)'u' || !char.IsLowSurrogate(Hex4(raw.Slice(i + 8, 4))))
                {
                    return UnpairedSurrogate(start + i, unit);
                }

                builder.Append(unit).Append(Hex4(raw.Slice(i + 8, 4)));
                i += 12;
                continue;
            }

            builder.Append(unit);
            i += 6;
        }

        return ParseResult<string>.Ok(builder.ToString());
    }

    // Index of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629 §4), or -1.
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var i = 0;
        while (i < utf8.Length)
        {
            if (utf8[i] < 0x80)
            {
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(utf8[i..], out _, out var consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return -1;
    }

    private static char Hex4(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                _ => digit - 'A' + 10, // the reader has checked the hex digits
            };
        }

        return (char)value;
    }

    private static ParseResult<string> InvalidUtf8(int position) =>
        ParseResult<string>.Fail(ParseErrorCode.InvalidJson, position, $"is not valid JSON: a string holds bytes that are not UTF-8 (RFC 8259 §8.1, byte {position})");

    private static ParseResult<string> UnpairedSurrogate(int position, char unit) =>
        ParseResult<string>.Fail(ParseErrorCode.InvalidJson, position, $"is not valid JSON: a string holds the unpaired surrogate \\u{(int)unit:x4} (RFC 8259 §8.2, byte {position})");
}
