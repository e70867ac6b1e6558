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
        var parts = new List<string>(1);
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
                parts.Add(value[start..i].Trim(' ', '\t'));
                start = i + 1;
            }
        }
        parts.Add(value[start..].Trim(' ', '\t'));
        return parts;
    }
}
