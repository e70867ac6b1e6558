using System.Text;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>
/// The minimal jCard model a callee display needs (RFC 7095 §3; the RFC 9796 §10 profile): formatted names
/// (<c>fn</c>), organization (<c>org</c>), logos and photos (<c>uri</c> values) and telephone numbers (<c>tel</c>).
/// Other properties are kept in the JSON (digests cover them) but not modelled. Immutable.
/// </summary>
/// <remarks>
/// Shape: <c>["vcard", [ [name, {params}, value-type, value, ...], ... ]]</c>. A structured <c>org</c> may be an
/// array or (as in the RFC examples) one <c>;</c>-joined string; both are read. <c>tel</c> is not checked
/// against <c>orig</c> (RFC 9796 §10).
/// </remarks>
public sealed class JCard
{
    private JCard(JsonNode json, List<string> names, string? organization, List<string> logos, List<string> photos, List<string> telephones, List<(string Pointer, string Uri)> uris)
    {
        Json = json;
        FormattedNames = names;
        Organization = organization;
        Logos = logos;
        Photos = photos;
        Telephones = telephones;
        UriReferences = uris;
    }

    /// <summary>The <c>fn</c> values (RFC 6350 §6.2.1), in order; usually one.</summary>
    public IReadOnlyList<string> FormattedNames { get; }

    /// <summary>The first <c>fn</c>, or null.</summary>
    public string? FormattedName => FormattedNames.Count > 0 ? FormattedNames[0] : null;

    /// <summary>The first <c>org</c> (RFC 6350 §6.6.4), components joined with <c>;</c>, or null.</summary>
    public string? Organization { get; }

    /// <summary>The <c>logo</c> URIs (RFC 6350 §6.6.3), in order.</summary>
    public IReadOnlyList<string> Logos { get; }

    /// <summary>The <c>photo</c> URIs (RFC 6350 §6.2.4), in order.</summary>
    public IReadOnlyList<string> Photos { get; }

    /// <summary>The <c>tel</c> values (RFC 6350 §6.4.1), e.g. <c>tel:+1-202-555-0142</c>.</summary>
    public IReadOnlyList<string> Telephones { get; }

    internal JsonNode Json { get; }

    /// <summary>
    /// Every <c>uri</c>-typed value that refers to fetchable content (<c>http</c>/<c>https</c>), with its JSON
    /// pointer relative to the jCard, e.g. <c>/1/3/3</c> (RFC 9795 §6.1.3).
    /// </summary>
    internal IReadOnlyList<(string Pointer, string Uri)> UriReferences { get; }

    /// <summary>The jCard as RFC 8225 §9 canonical JSON (what <c>/jcd</c> digests).</summary>
    public string ToCanonicalJson() => CanonicalJsonWriter.ToText(Json);

    /// <summary>Reads a jCard from JSON text (strict JSON, no duplicate member names).</summary>
    /// <returns>The jCard, or an <see cref="ParseErrorCode.InvalidJson"/> / <see cref="ParseErrorCode.InvalidClaim"/> error.</returns>
    public static ParseResult<JCard> TryParse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        // The strict reader reads objects only: wrap the array in one.
        var prefix = "{\"j\":"u8.ToArray();
        var wrapped = prefix.Concat(Encoding.UTF8.GetBytes(json)).Concat("}"u8.ToArray()).ToArray();
        var read = StrictJsonReader.ReadObject(wrapped);
        if (!read.IsSuccess)
        {
            return ParseResult<JCard>.Fail(read.Error.Code, Math.Max(0, read.Error.Position - prefix.Length), read.Error.Message);
        }

        return FromJson(read.Value["j"]!);
    }

    /// <summary>Reads a jCard from UTF-8 bytes (a fetched <c>jcl</c> document).</summary>
    public static ParseResult<JCard> TryParse(ReadOnlySpan<byte> utf8)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return ParseResult<JCard>.Fail(ParseErrorCode.InvalidJson, 0, "is not UTF-8");
        }

        return TryParse(text);
    }

    internal static ParseResult<JCard> FromJson(JsonNode json)
    {
        // RFC 7095 §3.2: ["vcard", [properties]]; each property [name, params, type, value, ...].
        if (json.Kind != JsonKind.Array || json.Items!.Count != 2 || json.Items[0] is not { Kind: JsonKind.String, Text: "vcard" } || json.Items[1].Kind != JsonKind.Array)
        {
            return Invalid(json, "a jCard must be [\"vcard\", [properties...]] (RFC 7095 §3.2)");
        }

        var names = new List<string>();
        string? organization = null;
        var logos = new List<string>();
        var photos = new List<string>();
        var telephones = new List<string>();
        var uris = new List<(string, string)>();
        var properties = json.Items[1].Items!;
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            if (property.Kind != JsonKind.Array || property.Items!.Count < 4 || property.Items[0].Kind != JsonKind.String
                || property.Items[1].Kind != JsonKind.Object || property.Items[2].Kind != JsonKind.String)
            {
                return Invalid(property, $"jCard property {i} must be [name, {{parameters}}, value-type, value...] (RFC 7095 §3.3)");
            }

            var name = property.Items[0].Text!.ToLowerInvariant();
            var type = property.Items[2].Text!;
            var value = property.Items[3];
            for (var v = 3; v < property.Items.Count; v++)
            {
                if (type == "uri" && property.Items[v] is { Kind: JsonKind.String } uri && IsFetchable(uri.Text!))
                {
                    uris.Add(($"/1/{i}/{v}", uri.Text!));
                }
            }

            switch (name)
            {
                case "fn" when value.Kind == JsonKind.String:
                    names.Add(value.Text!);
                    break;
                case "org" when organization is null:
                    organization = value.Kind switch
                    {
                        JsonKind.String => value.Text,
                        JsonKind.Array => string.Join(";", value.Items!.Where(static x => x.Kind == JsonKind.String).Select(static x => x.Text)),
                        _ => null,
                    };
                    break;
                case "logo" when value.Kind == JsonKind.String:
                    logos.Add(value.Text!);
                    break;
                case "photo" when value.Kind == JsonKind.String:
                    photos.Add(value.Text!);
                    break;
                case "tel" when value.Kind == JsonKind.String:
                    telephones.Add(value.Text!);
                    break;
            }
        }

        return ParseResult<JCard>.Ok(new JCard(json, names, organization, logos, photos, telephones, uris));
    }

    // Decision (README "Rich Call Data", 6): "each URI" of RFC 9795 §6.1.3 means content a client would fetch;
    // tel:, geo:, urn: and data: values carry no external content and need no digest.
    internal static bool IsFetchable(string uri) =>
        uri.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("http:", StringComparison.OrdinalIgnoreCase);

    private static ParseResult<JCard> Invalid(JsonNode node, string message) =>
        ParseResult<JCard>.Fail(ParseErrorCode.InvalidClaim, Math.Max(node.Offset, 0), message);
}
