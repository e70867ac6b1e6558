using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>
/// The <c>rcd</c> claim (RFC 9795 §5.1): the caller's display name <c>nam</c> (always present, <c>""</c> when
/// there is none), and optionally an alternate presentation number <c>apn</c>, an icon URL <c>icn</c>, and a
/// jCard by value (<c>jcd</c>) or by reference (<c>jcl</c>) — never both. Immutable. To sign, create one with the
/// constructor and the <c>init</c> properties and put it in <see cref="RichCallDataClaims"/>.
/// </summary>
public sealed class RichCallData
{
    /// <summary>Creates RCD for signing.</summary>
    /// <param name="name">The <c>nam</c> display name (RFC 9795 §5.1.1); <c>""</c> when there is none. No control characters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public RichCallData(string name)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
    }

    private RichCallData(string name, JsonNode json)
    {
        Name = name;
        Json = json;
    }

    /// <summary><c>nam</c>: the display name (RFC 9795 §5.1.1), possibly empty.</summary>
    public string Name { get; }

    /// <summary><c>apn</c>: the alternate presentation number, a canonical TN (RFC 9795 §5.1.2; RFC 8224 §8.3), or null.</summary>
    public string? AlternatePresentationNumber { get; init; }

    /// <summary><c>icn</c>: the URL of the icon (RFC 9795 §5.1.3): <c>https</c> (or an inline <c>data:</c> image), or null.</summary>
    public string? Icon { get; init; }

    /// <summary><c>jcd</c>: the jCard carried by value (RFC 9795 §5.1.4), or null.</summary>
    public JCard? JCard { get; init; }

    /// <summary><c>jcl</c>: the <c>https</c> URL of a jCard (RFC 9795 §5.1.5), or null.</summary>
    public string? JCardUrl { get; init; }

    internal JsonNode? Json { get; }

    /// <summary>The <c>rcd</c> object as RFC 8225 §9 canonical JSON.</summary>
    public string ToCanonicalJson() => CanonicalJsonWriter.ToText(ToJson());

    internal JsonNode ToJson()
    {
        if (Json is not null)
        {
            return Json;
        }

        var members = new List<KeyValuePair<string, JsonNode>> { new(RichCallDataNames.Nam, JsonNode.String(Name)) };
        PassportHeader.Add(members, RichCallDataNames.Apn, AlternatePresentationNumber);
        PassportHeader.Add(members, RichCallDataNames.Icn, Icon);
        if (JCard is not null)
        {
            members.Add(new(RichCallDataNames.Jcd, JCard.Json));
        }

        PassportHeader.Add(members, RichCallDataNames.Jcl, JCardUrl);
        return JsonNode.Object(members);
    }

    /// <summary>The construction rules of the <c>rcd</c> object (RFC 9795 §5.1); positions are those of the payload.</summary>
    internal static ParseResult<RichCallData> FromJson(JsonNode json)
    {
        // Decision (README "Rich Call Data", 8): rcd is a JSON object (§5.1), not the "array of objects" of §8.
        if (json.Kind != JsonKind.Object)
        {
            return Invalid(json, "claim \"rcd\" must be a JSON object (RFC 9795 §5.1)");
        }

        // §5.1.1: exactly one nam (duplicate names are already refused by the strict reader, RFC 8225 §9).
        var nam = json[RichCallDataNames.Nam];
        if (nam is null)
        {
            return ParseResult<RichCallData>.Fail(ParseErrorCode.MissingClaim, Math.Max(json.Offset, 0), "claim \"rcd\" has no \"nam\" (RFC 9795 §5.1.1: exactly one, \"\" when there is no name)");
        }

        if (nam.Kind != JsonKind.String)
        {
            return Invalid(nam, "\"rcd.nam\" must be a string (RFC 9795 §5.1.1)");
        }

        if (!IsDisplayName(nam.Text!))
        {
            return Invalid(nam, "\"rcd.nam\" contains control characters; it must fit a SIP display-name (RFC 9795 §5.1.1, RFC 3261 §25.1)");
        }

        var apn = json[RichCallDataNames.Apn];
        if (apn is not null && (apn.Kind != JsonKind.String || !IsCanonicalTn(apn.Text!)))
        {
            return Invalid(apn, "\"rcd.apn\" must be a canonical telephone number string (RFC 9795 §5.1.2, RFC 8224 §8.3)");
        }

        var icn = json[RichCallDataNames.Icn];
        if (icn is not null && (icn.Kind != JsonKind.String || !(IsHttpsUrl(icn.Text!) || IsDataUri(icn.Text!))))
        {
            return Invalid(icn, "\"rcd.icn\" must be an https URL (RFC 9795 §5.1.3) or an inline data: URI (§8.3)");
        }

        var jcd = json[RichCallDataNames.Jcd];
        var jcl = json[RichCallDataNames.Jcl];
        if (jcd is not null && jcl is not null)
        {
            return Invalid(jcl, "\"rcd\" carries both \"jcd\" and \"jcl\"; they are mutually exclusive (RFC 9795 §5.1.4, §5.1.5)");
        }

        JCard? card = null;
        if (jcd is not null)
        {
            var parsed = JCard.FromJson(jcd);
            if (!parsed.IsSuccess)
            {
                return ParseResult<RichCallData>.Fail(ParseErrorCode.InvalidClaim, parsed.Error.Position, $"\"rcd.jcd\": {parsed.Error.Message}");
            }

            card = parsed.Value;
        }

        if (jcl is not null && (jcl.Kind != JsonKind.String || !IsHttpsUrl(jcl.Text!)))
        {
            return Invalid(jcl, "\"rcd.jcl\" must be an https URL (RFC 9795 §5.1.5)");
        }

        return ParseResult<RichCallData>.Ok(new RichCallData(nam.Text!, json)
        {
            AlternatePresentationNumber = apn?.Text,
            Icon = icn?.Text,
            JCard = card,
            JCardUrl = jcl?.Text,
        });
    }

    internal static bool IsHttpsUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0;

    internal static bool IsDataUri(string text) => text.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    // RFC 3261 §25.1: a display-name is tokens or a quoted-string; neither admits CR, LF or other controls.
    internal static bool IsDisplayName(string text) => !text.Any(static c => char.IsControl(c));

    // RFC 8224 §8.3: canonical form is digits (and * #) only.
    private static bool IsCanonicalTn(string text) => text.Length > 0 && text.All(static c => char.IsAsciiDigit(c) || c is '*' or '#');

    private static ParseResult<RichCallData> Invalid(JsonNode node, string message) =>
        ParseResult<RichCallData>.Fail(ParseErrorCode.InvalidClaim, Math.Max(node.Offset, 0), message);
}
