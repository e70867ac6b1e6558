namespace StirShaken.Identity.Passport.Json;

/// <summary>The JSON value kinds the strict reader produces.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// A minimal immutable JSON tree. We keep our own instead of <c>JsonDocument</c> because RFC 8225
/// §9 forbids duplicate member names and the reader must reject them (System.Text.Json on net8.0
/// silently keeps both).
/// </summary>
internal sealed class JsonNode
{
    private JsonNode(JsonKind kind, string? text, List<KeyValuePair<string, JsonNode>>? members, List<JsonNode>? items, int offset)
    {
        Kind = kind;
        Text = text;
        Members = members;
        Items = items;
        Offset = offset;
    }

    public JsonKind Kind { get; }

    /// <summary>Byte offset of the value's first token in the UTF-8 text it was read from; -1 when built in code.</summary>
    public int Offset { get; }

    /// <summary>The unescaped string, or the number's literal text.</summary>
    public string? Text { get; }

    /// <summary>Object members in document order.</summary>
    public List<KeyValuePair<string, JsonNode>>? Members { get; }

    /// <summary>Array items.</summary>
    public List<JsonNode>? Items { get; }

    public static JsonNode Object(List<KeyValuePair<string, JsonNode>> members, int offset = -1) => new(JsonKind.Object, null, members, null, offset);

    public static JsonNode Array(List<JsonNode> items, int offset = -1) => new(JsonKind.Array, null, null, items, offset);

    public static JsonNode String(string value, int offset = -1) => new(JsonKind.String, value, null, null, offset);

    public static JsonNode Number(string literal, int offset = -1) => new(JsonKind.Number, literal, null, null, offset);

    public static JsonNode Literal(JsonKind kind, int offset = -1) => new(kind, null, null, null, offset);

    public JsonNode? this[string name]
    {
        get
        {
            if (Members is null)
            {
                return null;
            }

            foreach (var member in Members)
            {
                if (member.Key == name)
                {
                    return member.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Whether this is an integer number that fits in <see cref="long"/>.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        return Kind == JsonKind.Number && long.TryParse(Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Whether this is a non-empty array of strings.</summary>
    public bool TryGetStringArray(out string[] values)
    {
        values = [];
        if (Kind != JsonKind.Array || Items!.Count == 0)
        {
            return false;
        }

        var result = new string[Items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (Items[i].Kind != JsonKind.String)
            {
                return false;
            }

            result[i] = Items[i].Text!;
        }

        values = result;
        return true;
    }
}
