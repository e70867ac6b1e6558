using System.Collections.ObjectModel;
using System.Text.Json;

namespace StirShaken.Identity.Passport.Json;

/// <summary>
/// Converts between the strict <see cref="JsonNode"/> tree and System.Text.Json's read-only
/// <see cref="JsonElement"/>, the type the public API exposes for members this library does not model.
/// </summary>
internal static class JsonElementBridge
{
    public static readonly IReadOnlyDictionary<string, JsonElement> Empty = new ReadOnlyDictionary<string, JsonElement>(new Dictionary<string, JsonElement>());

    /// <summary>One parse of the canonical text of all <paramref name="members"/>; each value is cloned so no document stays open.</summary>
    public static IReadOnlyDictionary<string, JsonElement> ToElements(List<KeyValuePair<string, JsonNode>> members)
    {
        if (members.Count == 0)
        {
            return Empty;
        }

        using var document = JsonDocument.Parse(CanonicalJsonWriter.ToUtf8(JsonNode.Object(members)));
        var result = new Dictionary<string, JsonElement>(members.Count, StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result.Add(property.Name, property.Value.Clone());
        }

        return new ReadOnlyDictionary<string, JsonElement>(result);
    }

    /// <summary>
    /// Copies caller-supplied members for serialization, refusing names the typed model owns and
    /// duplicate names inside a value (RFC 8225 §9 forbids them).
    /// </summary>
    /// <exception cref="ArgumentException">A name is reserved, empty or duplicated, or a value is undefined.</exception>
    public static List<KeyValuePair<string, JsonNode>> FromElements(IReadOnlyDictionary<string, JsonElement> elements, ISet<string> reserved, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(elements, parameterName);
        var members = new List<KeyValuePair<string, JsonNode>>(elements.Count);
        foreach (var (name, value) in elements)
        {
            if (string.IsNullOrEmpty(name) || reserved.Contains(name))
            {
                throw new ArgumentException($"'{name}' is modelled by a typed property or is empty; it cannot be set as another member.", parameterName);
            }

            members.Add(new(name, ToNode(value, parameterName)));
        }

        return members;
    }

    internal static JsonNode ToNode(JsonElement element, string parameterName)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<KeyValuePair<string, JsonNode>>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        throw new ArgumentException($"duplicate JSON member \"{property.Name}\" (RFC 8225 §9).", parameterName);
                    }

                    members.Add(new(property.Name, ToNode(property.Value, parameterName)));
                }

                return JsonNode.Object(members);
            case JsonValueKind.Array:
                var items = new List<JsonNode>();
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(ToNode(item, parameterName));
                }

                return JsonNode.Array(items);
            case JsonValueKind.String:
                return JsonNode.String(element.GetString()!);
            case JsonValueKind.Number:
                return JsonNode.Number(element.GetRawText());
            case JsonValueKind.True:
                return JsonNode.Literal(JsonKind.True);
            case JsonValueKind.False:
                return JsonNode.Literal(JsonKind.False);
            case JsonValueKind.Null:
                return JsonNode.Literal(JsonKind.Null);
            default:
                throw new ArgumentException("a JSON value is undefined (default JsonElement).", parameterName);
        }
    }
}
