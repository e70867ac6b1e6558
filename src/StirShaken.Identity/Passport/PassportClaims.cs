using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>
/// PASSporT claims (RFC 8225 §5, RFC 8588 §4): <c>orig</c>, <c>dest</c>, <c>iat</c>, and the SHAKEN
/// <c>attest</c> and <c>origid</c>. Claims this library does not model are kept in <see cref="OtherClaims"/>.
/// </summary>
public sealed class PassportClaims
{
    private static readonly HashSet<string> Modelled = new(StringComparer.Ordinal) { "orig", "dest", "iat", "attest", "origid" };

    /// <summary>Creates claims for signing.</summary>
    /// <param name="orig">The originating identity.</param>
    /// <param name="destTns">Destination TNs (canonical form).</param>
    /// <param name="issuedAt">The <c>iat</c> NumericDate (seconds since the Unix epoch).</param>
    /// <param name="attest">SHAKEN attestation, or null for a non-SHAKEN PASSporT.</param>
    /// <param name="origId">SHAKEN origination identifier (a UUID), or null.</param>
    /// <param name="destUris">Destination URIs, if any.</param>
    public PassportClaims(PassportIdentity orig, IEnumerable<string> destTns, long issuedAt, string? attest = null, string? origId = null, IEnumerable<string>? destUris = null)
    {
        Orig = orig ?? throw new ArgumentNullException(nameof(orig));
        // RFC 8225 §5.2.1: dest arrays are sorted lexicographically.
        DestTns = [.. (destTns ?? throw new ArgumentNullException(nameof(destTns))).Order(StringComparer.Ordinal)];
        DestUris = destUris is null ? [] : [.. destUris.Order(StringComparer.Ordinal)];
        IssuedAt = issuedAt;
        Attest = attest;
        OrigId = origId;
        OtherClaims = new Dictionary<string, string>();
    }

    private PassportClaims(PassportIdentity orig, string[] destTns, string[] destUris, long issuedAt, string? attest, string? origId, Dictionary<string, string> other, JsonNode json)
    {
        Orig = orig;
        DestTns = destTns;
        DestUris = destUris;
        IssuedAt = issuedAt;
        Attest = attest;
        OrigId = origId;
        OtherClaims = other;
        Json = json;
    }

    /// <summary>The <c>orig</c> claim.</summary>
    public PassportIdentity Orig { get; }

    /// <summary>The <c>dest.tn</c> entries (possibly empty).</summary>
    public IReadOnlyList<string> DestTns { get; }

    /// <summary>The <c>dest.uri</c> entries (possibly empty).</summary>
    public IReadOnlyList<string> DestUris { get; }

    /// <summary>The <c>iat</c> claim in seconds since the Unix epoch.</summary>
    public long IssuedAt { get; }

    /// <summary>The <c>iat</c> claim as a time.</summary>
    public DateTimeOffset IssuedAtTime => DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(IssuedAt, -62135596800, 253402300799));

    /// <summary>The SHAKEN <c>attest</c> claim as received, or null.</summary>
    public string? Attest { get; }

    /// <summary>The <c>attest</c> claim as an <see cref="Passport.Attestation"/>, when it is exactly A, B or C.</summary>
    public Attestation? Attestation => Attest switch { "A" => Passport.Attestation.A, "B" => Passport.Attestation.B, "C" => Passport.Attestation.C, _ => null };

    /// <summary>The SHAKEN <c>origid</c> claim, or null.</summary>
    public string? OrigId { get; }

    /// <summary>Other claims (e.g. <c>div</c>, <c>rcd</c>, <c>mky</c>), name → canonical JSON text of the value.</summary>
    public IReadOnlyDictionary<string, string> OtherClaims { get; }

    internal JsonNode? Json { get; }

    /// <summary>The canonical JSON (RFC 8225 §9) of the claims.</summary>
    public string ToCanonicalJson() => CanonicalJsonWriter.ToText(ToJson());

    internal JsonNode ToJson()
    {
        if (Json is not null)
        {
            return Json;
        }

        var members = new List<KeyValuePair<string, JsonNode>>();
        PassportHeader.Add(members, "attest", Attest);
        var dest = new List<KeyValuePair<string, JsonNode>>();
        if (DestTns.Count > 0)
        {
            dest.Add(new("tn", JsonNode.Array([.. DestTns.Select(JsonNode.String)])));
        }

        if (DestUris.Count > 0)
        {
            dest.Add(new("uri", JsonNode.Array([.. DestUris.Select(JsonNode.String)])));
        }

        members.Add(new("dest", JsonNode.Object(dest)));
        members.Add(new("iat", JsonNode.Number(IssuedAt.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var orig = new List<KeyValuePair<string, JsonNode>>();
        PassportHeader.Add(orig, Orig.Tn is not null ? "tn" : "uri", Orig.Tn ?? Orig.Uri);
        members.Add(new("orig", JsonNode.Object(orig)));
        PassportHeader.Add(members, "origid", OrigId);
        return JsonNode.Object(members);
    }

    /// <summary>Reads and type-checks the base claims (RFC 8225 §5). SHAKEN-specific requirements are the verifier's.</summary>
    internal static bool TryFromJson(JsonNode json, out PassportClaims? claims, out ParseErrorCode code, out string? error)
    {
        claims = null;
        code = ParseErrorCode.InvalidClaim;

        // RFC 8225 §5.1.1: iat is a NumericDate integer; a string "1443208345" is not accepted (RFC 8588 errata 6656).
        var iat = json["iat"];
        if (iat is null)
        {
            return Missing(out code, out error, "iat");
        }

        if (!iat.TryGetInt64(out var issuedAt) || issuedAt <= 0)
        {
            error = "claim \"iat\" must be a positive integer NumericDate";
            return false;
        }

        // RFC 8225 §5.2.1: orig is an object with exactly one of tn / uri, a string.
        var origNode = json["orig"];
        if (origNode is null)
        {
            return Missing(out code, out error, "orig");
        }

        if (origNode.Kind != JsonKind.Object || origNode.Members!.Count != 1 || origNode.Members[0].Value.Kind != JsonKind.String
            || origNode.Members[0].Key is not ("tn" or "uri"))
        {
            error = "claim \"orig\" must be an object with exactly one string member \"tn\" or \"uri\"";
            return false;
        }

        var origValue = origNode.Members[0].Value.Text!;
        var orig = origNode.Members[0].Key == "tn" ? PassportIdentity.FromTn(origValue) : PassportIdentity.FromUri(origValue);

        // RFC 8225 §5.2.1: dest is an object with tn and/or uri arrays of strings.
        var destNode = json["dest"];
        if (destNode is null)
        {
            return Missing(out code, out error, "dest");
        }

        if (destNode.Kind != JsonKind.Object || destNode.Members!.Count == 0)
        {
            error = "claim \"dest\" must be a non-empty object";
            return false;
        }

        string[] destTns = [], destUris = [];
        foreach (var member in destNode.Members)
        {
            if (member.Key is not ("tn" or "uri") || !TryStringArray(member.Value, out var values))
            {
                error = $"claim \"dest.{member.Key}\" must be a non-empty array of strings (\"tn\" or \"uri\")";
                return false;
            }

            if (member.Key == "tn")
            {
                destTns = values;
            }
            else
            {
                destUris = values;
            }
        }

        string? attest = null, origId = null;
        if (!TryOptionalString(json, "attest", ref attest, out error) || !TryOptionalString(json, "origid", ref origId, out error))
        {
            return false;
        }

        var other = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in json.Members!)
        {
            if (!Modelled.Contains(member.Key))
            {
                other[member.Key] = CanonicalJsonWriter.ToText(member.Value);
            }
        }

        claims = new PassportClaims(orig, destTns, destUris, issuedAt, attest, origId, other, json);
        return true;
    }

    private static bool TryStringArray(JsonNode node, out string[] values)
    {
        values = [];
        if (node.Kind != JsonKind.Array || node.Items!.Count == 0)
        {
            return false;
        }

        values = new string[node.Items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (node.Items[i].Kind != JsonKind.String)
            {
                return false;
            }

            values[i] = node.Items[i].Text!;
        }

        return true;
    }

    private static bool TryOptionalString(JsonNode json, string name, ref string? value, out string? error)
    {
        error = null;
        var node = json[name];
        if (node is null)
        {
            return true;
        }

        if (node.Kind != JsonKind.String)
        {
            error = $"claim \"{name}\" must be a string";
            return false;
        }

        value = node.Text;
        return true;
    }

    private static bool Missing(out ParseErrorCode code, out string? error, string name)
    {
        code = ParseErrorCode.MissingClaim;
        error = $"required claim \"{name}\" is missing";
        return false;
    }
}
