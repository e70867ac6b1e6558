namespace StirShaken.Identity.Sip;

/// <summary>Splits an address header value on commas that separate list elements (RFC 3261 §7.3.1).</summary>
internal static class AddressList
{
    /// <summary>
    /// Splits on commas outside quoted strings and angle brackets; elements are trimmed. Empty
    /// elements are kept so the caller reports them rather than dropping them.
    /// </summary>
    public static List<string> Split(string value)
    {
        var ranges = Ranges(value);
        var parts = new List<string>(ranges.Count);
        foreach (var (start, end) in ranges)
        {
            var part = value.AsSpan(start, end - start).Trim(" \t");
            // The usual single address is the whole value: no copy (README "Performance").
            parts.Add(part.Length == value.Length ? value : part.ToString());
        }

        return parts;
    }

    /// <summary>The <c>[start, end)</c> of each element, untrimmed, for callers that rewrite one element in place.</summary>
    public static List<(int Start, int End)> Ranges(string value)
    {
        var ranges = new List<(int Start, int End)>(1);
        bool quoted = false;
        bool bracket = false;
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++; // quoted-pair: skip the escaped character
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '<')
            {
                bracket = true;
            }
            else if (c == '>')
            {
                bracket = false;
            }
            else if (c == ',' && !bracket)
            {
                ranges.Add((start, i));
                start = i + 1;
            }
        }

        ranges.Add((start, value.Length));
        return ranges;
    }
}
