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
    private JsonNode(JsonKind kind, string? text, List<KeyValuePair<string, JsonNode>>? members, List<JsonNode>? items)
    {
        Kind = kind;
        Text = text;
        Members = members;
        Items = items;
    }

    public JsonKind Kind { get; }

    /// <summary>The unescaped string, or the number's literal text.</summary>
    public string? Text { get; }

    /// <summary>Object members in document order.</summary>
    public List<KeyValuePair<string, JsonNode>>? Members { get; }

    /// <summary>Array items.</summary>
    public List<JsonNode>? Items { get; }

    public static JsonNode Object(List<KeyValuePair<string, JsonNode>> members) => new(JsonKind.Object, null, members, null);

    public static JsonNode Array(List<JsonNode> items) => new(JsonKind.Array, null, null, items);

    public static JsonNode String(string value) => new(JsonKind.String, value, null, null);

    public static JsonNode Number(string literal) => new(JsonKind.Number, literal, null, null);

    public static JsonNode Literal(JsonKind kind) => new(kind, null, null, null);

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
}
