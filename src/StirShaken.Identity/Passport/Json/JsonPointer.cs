using System.Globalization;

namespace StirShaken.Identity.Passport.Json;

/// <summary>RFC 6901 JSON Pointer evaluation over <see cref="JsonNode"/> (no <c>-</c> index).</summary>
internal static class JsonPointer
{
    /// <summary>Splits a pointer into its unescaped reference tokens; false when it is not a pointer (does not start with <c>/</c>).</summary>
    public static bool TrySplit(string pointer, out List<string> tokens)
    {
        tokens = [];
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            return false;
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            // RFC 6901 §4: "~1" → "/" first, then "~0" → "~"; any other "~" sequence is an error.
            for (var i = raw.IndexOf('~', StringComparison.Ordinal); i >= 0; i = raw.IndexOf('~', i + 1))
            {
                if (i + 1 >= raw.Length || raw[i + 1] is not ('0' or '1'))
                {
                    return false;
                }
            }

            tokens.Add(raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return true;
    }

    /// <summary>Resolves <paramref name="tokens"/> from <paramref name="start"/> onwards; null when a token does not exist.</summary>
    public static JsonNode? Resolve(JsonNode node, IReadOnlyList<string> tokens, int start = 0)
    {
        var current = node;
        for (var i = start; i < tokens.Count && current is not null; i++)
        {
            var token = tokens[i];
            current = current.Kind switch
            {
                JsonKind.Object => current[token],
                // RFC 6901 §4: array-index = "0" / (%x31-39 *DIGIT), no leading zeros or signs.
                JsonKind.Array when token.Length > 0 && (token == "0" || token[0] != '0') && token.All(char.IsAsciiDigit)
                    && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.Items!.Count => current.Items[index],
                _ => null,
            };
        }

        return current;
    }
}
