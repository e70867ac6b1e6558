using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>The PASSporT JOSE protected header (RFC 8225 §4): <c>alg</c>, <c>typ</c>, <c>ppt</c>, <c>x5u</c>.</summary>
public sealed class PassportHeader
{
    internal PassportHeader(string? alg, string? typ, string? ppt, string? x5u, JsonNode? json)
    {
        Alg = alg;
        Typ = typ;
        Ppt = ppt;
        X5u = x5u;
        Json = json;
    }

    /// <summary>Creates a header for signing.</summary>
    public PassportHeader(string x5u, string? ppt = "shaken", string alg = "ES256", string typ = "passport")
        : this(alg, typ, ppt, x5u, null)
    {
    }

    /// <summary>The signature algorithm (<c>ES256</c> for SHAKEN), or null when absent.</summary>
    public string? Alg { get; }

    /// <summary>Must be <c>passport</c>; null when absent.</summary>
    public string? Typ { get; }

    /// <summary>The PASSporT extension (<c>shaken</c>, <c>div</c>, <c>rcd</c>...), or null for a base PASSporT.</summary>
    public string? Ppt { get; }

    /// <summary>The URL of the signer's certificate, or null when absent.</summary>
    public string? X5u { get; }

    internal JsonNode? Json { get; }

    /// <summary>The canonical JSON (RFC 8225 §9) of this header, e.g. <c>{"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"..."}</c>.</summary>
    public string ToCanonicalJson() => CanonicalJsonWriter.ToText(ToJson());

    internal JsonNode ToJson()
    {
        if (Json is not null)
        {
            return Json;
        }

        var members = new List<KeyValuePair<string, JsonNode>>();
        Add(members, "alg", Alg);
        Add(members, "ppt", Ppt);
        Add(members, "typ", Typ);
        Add(members, "x5u", X5u);
        return JsonNode.Object(members);
    }

    internal static void Add(List<KeyValuePair<string, JsonNode>> members, string name, string? value)
    {
        if (value is not null)
        {
            members.Add(new(name, JsonNode.String(value)));
        }
    }
}
