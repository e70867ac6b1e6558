using System.Globalization;
using System.Text.Json;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>
/// PASSporT claims (RFC 8225 §5): <c>orig</c>, <c>dest</c>, <c>iat</c>; the SHAKEN <c>attest</c> and
/// <c>origid</c> (RFC 8588 §4); the diversion claims <c>div</c> and <c>opt</c> (RFC 8946 §3, §6).
/// Every other claim (e.g. <c>rcd</c>, <c>mky</c>) is in <see cref="OtherClaims"/> as read-only JSON.
/// </summary>
/// <remarks>
/// Decoded claims keep their JSON: re-serializing them canonically (RFC 8225 §9) gives back the
/// received bytes. To build claims for signing use the constructor and the <c>init</c> properties,
/// e.g. <c>new PassportClaims(orig, dest, iat) { Div = new PassportDiversion(...) }</c> for a <c>div</c>
/// PASSporT or <c>{ Attest = "A", OrigId = ... }</c> for SHAKEN.
/// </remarks>
public sealed class PassportClaims
{
    private static readonly HashSet<string> Modelled = new(StringComparer.Ordinal)
    {
        PassportClaimNames.Orig, PassportClaimNames.Dest, PassportClaimNames.Iat, PassportClaimNames.Attest,
        PassportClaimNames.OrigId, PassportClaimNames.Div, PassportClaimNames.Opt,
    };

    private ExtensionMembers _other;

    /// <summary>Creates claims for signing; the optional claims are <c>init</c> properties.</summary>
    /// <param name="orig">The originating identity (RFC 8225 §5.2.1).</param>
    /// <param name="destTns">Destination TNs (canonical form, RFC 8224 §8.3); sorted on serialization.</param>
    /// <param name="issuedAt">The <c>iat</c> NumericDate (seconds since the Unix epoch, RFC 8225 §5.1.1).</param>
    /// <param name="attest">SHAKEN attestation (RFC 8588 §4), or null for a non-SHAKEN PASSporT.</param>
    /// <param name="origId">SHAKEN origination identifier, a UUID (RFC 8588 §4), or null.</param>
    /// <param name="destUris">Destination URIs, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="orig"/> or <paramref name="destTns"/> is null.</exception>
    public PassportClaims(PassportIdentity orig, IEnumerable<string> destTns, long issuedAt, string? attest = null, string? origId = null, IEnumerable<string>? destUris = null)
    {
        Orig = orig ?? throw new ArgumentNullException(nameof(orig));
        // RFC 8225 §5.2.1: dest arrays are sorted lexicographically.
        DestTns = [.. (destTns ?? throw new ArgumentNullException(nameof(destTns))).Order(StringComparer.Ordinal)];
        DestUris = destUris is null ? [] : [.. destUris.Order(StringComparer.Ordinal)];
        IssuedAt = issuedAt;
        Attest = attest;
        OrigId = origId;
        _other = ExtensionMembers.None;
    }

    private PassportClaims(PassportIdentity orig, string[] destTns, string[] destUris, long issuedAt, JsonNode json, List<KeyValuePair<string, JsonNode>> other)
    {
        Orig = orig;
        DestTns = destTns;
        DestUris = destUris;
        IssuedAt = issuedAt;
        Json = json;
        _other = new ExtensionMembers(other);
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

    /// <summary>The SHAKEN <c>attest</c> claim as received (RFC 8588 §4), or null.</summary>
    public string? Attest { get; init; }

    /// <summary>The <c>attest</c> claim as an <see cref="Passport.Attestation"/>, when it is exactly A, B or C.</summary>
    public Attestation? Attestation => Attest switch { "A" => Passport.Attestation.A, "B" => Passport.Attestation.B, "C" => Passport.Attestation.C, _ => null };

    /// <summary>The SHAKEN <c>origid</c> claim (RFC 8588 §4), or null.</summary>
    public string? OrigId { get; init; }

    /// <summary>The <c>div</c> claim of a <c>div</c>/<c>div-o</c> PASSporT (RFC 8946 §3), or null.</summary>
    public PassportDiversion? Div { get; init; }

    /// <summary>
    /// The <c>opt</c> claim of a <c>div-o</c> PASSporT (RFC 8946 §6): the original PASSporT in full form,
    /// as a string (decode it with <see cref="PassportToken.TryParse(string)"/>); null when absent.
    /// </summary>
    public string? Opt { get; init; }

    /// <summary>
    /// Every claim not typed above (e.g. <c>rcd</c>, <c>crn</c>, <c>mky</c>), name → read-only JSON value,
    /// created on first access. Empty when there are none. Settable when creating claims for signing;
    /// a typed name is refused.
    /// </summary>
    /// <exception cref="ArgumentException">Set with a typed or empty name, or a value with duplicate member names.</exception>
    public IReadOnlyDictionary<string, JsonElement> OtherClaims
    {
        get => _other.View;
        init => _other = ExtensionMembers.FromElements(value, Modelled, nameof(OtherClaims));
    }

    internal JsonNode? Json { get; }

    /// <summary>The canonical JSON (RFC 8225 §9) of the claims.</summary>
    public string ToCanonicalJson() => CanonicalJsonWriter.ToText(ToJson());

    internal JsonNode ToJson()
    {
        if (Json is not null)
        {
            return Json;
        }

        var members = new List<KeyValuePair<string, JsonNode>>(_other.Members);
        PassportHeader.Add(members, PassportClaimNames.Attest, Attest);
        var dest = new List<KeyValuePair<string, JsonNode>>();
        if (DestTns.Count > 0)
        {
            dest.Add(new(PassportClaimNames.Tn, JsonNode.Array([.. DestTns.Select(static tn => JsonNode.String(tn))])));
        }

        if (DestUris.Count > 0)
        {
            dest.Add(new(PassportClaimNames.Uri, JsonNode.Array([.. DestUris.Select(static uri => JsonNode.String(uri))])));
        }

        members.Add(new(PassportClaimNames.Dest, JsonNode.Object(dest)));
        members.Add(new(PassportClaimNames.Iat, JsonNode.Number(IssuedAt.ToString(CultureInfo.InvariantCulture))));
        members.Add(new(PassportClaimNames.Orig, IdentityObject(Orig, [])));
        PassportHeader.Add(members, PassportClaimNames.OrigId, OrigId);
        if (Div is not null)
        {
            var hi = new List<KeyValuePair<string, JsonNode>>();
            PassportHeader.Add(hi, PassportClaimNames.HistoryInfoIndex, Div.HistoryInfoIndex);
            members.Add(new(PassportClaimNames.Div, IdentityObject(Div.Target, hi)));
        }

        PassportHeader.Add(members, PassportClaimNames.Opt, Opt);
        return JsonNode.Object(members);
    }

    /// <summary>
    /// Reads and type-checks the claims (RFC 8225 §5, RFC 8588 §4, RFC 8946 §3 and §6). Which claims a
    /// PASSporT type requires is the verifier's rule. Positions are byte offsets into the JSON.
    /// </summary>
    internal static ParseResult<PassportClaims> FromJson(JsonNode json)
    {
        // RFC 8225 §5.1.1: iat is a NumericDate integer; a string "1443208345" is not accepted (RFC 8588 errata 6656).
        var iat = json[PassportClaimNames.Iat];
        if (iat is null)
        {
            return Missing(json, PassportClaimNames.Iat);
        }

        if (!iat.TryGetInt64(out var issuedAt) || issuedAt <= 0)
        {
            return Invalid(iat, "claim \"iat\" must be a positive integer NumericDate");
        }

        // RFC 8225 §5.2.1: orig is an object with exactly one of tn / uri, a string.
        var origNode = json[PassportClaimNames.Orig];
        if (origNode is null)
        {
            return Missing(json, PassportClaimNames.Orig);
        }

        if (origNode.Kind != JsonKind.Object || origNode.Members!.Count != 1 || ReadIdentity(origNode) is not { } orig)
        {
            return Invalid(origNode, "claim \"orig\" must be an object with exactly one string member \"tn\" or \"uri\"");
        }

        // RFC 8225 §5.2.1: dest is an object with tn and/or uri arrays of strings.
        var destNode = json[PassportClaimNames.Dest];
        if (destNode is null)
        {
            return Missing(json, PassportClaimNames.Dest);
        }

        if (destNode.Kind != JsonKind.Object || destNode.Members!.Count == 0)
        {
            return Invalid(destNode, "claim \"dest\" must be a non-empty object");
        }

        string[] destTns = [], destUris = [];
        foreach (var member in destNode.Members)
        {
            if (member.Key is not (PassportClaimNames.Tn or PassportClaimNames.Uri) || !member.Value.TryGetStringArray(out var values))
            {
                return Invalid(member.Value, $"claim \"dest.{member.Key}\" must be a non-empty array of strings (\"tn\" or \"uri\")");
            }

            if (member.Key == PassportClaimNames.Tn)
            {
                destTns = values;
            }
            else
            {
                destUris = values;
            }
        }

        string? attest = null, origId = null, opt = null;
        PassportDiversion? div = null;
        var other = new List<KeyValuePair<string, JsonNode>>();
        foreach (var (name, value) in json.Members!)
        {
            switch (name)
            {
                case PassportClaimNames.Attest or PassportClaimNames.OrigId or PassportClaimNames.Opt:
                    // RFC 8588 §4 (attest, origid), RFC 8946 §6 (opt: a full-form PASSporT string).
                    if (value.Kind != JsonKind.String)
                    {
                        return Invalid(value, $"claim \"{name}\" must be a string");
                    }

                    switch (name)
                    {
                        case PassportClaimNames.Attest:
                            attest = value.Text;
                            break;
                        case PassportClaimNames.OrigId:
                            origId = value.Text;
                            break;
                        default:
                            opt = value.Text;
                            break;
                    }

                    break;
                case PassportClaimNames.Div:
                    // RFC 8946 §3: one identifier like orig; §8: other members (e.g. "hi") may follow.
                    var hi = value[PassportClaimNames.HistoryInfoIndex];
                    if (value.Kind != JsonKind.Object || ReadIdentity(value) is not { } target || hi is { Kind: not JsonKind.String })
                    {
                        return Invalid(value, "claim \"div\" must be an object with exactly one string member \"tn\" or \"uri\" (and a string \"hi\" if any)");
                    }

                    div = new PassportDiversion(target, hi?.Text);
                    break;
                case PassportClaimNames.Iat or PassportClaimNames.Orig or PassportClaimNames.Dest:
                    break;
                default:
                    other.Add(new(name, value));
                    break;
            }
        }

        return ParseResult<PassportClaims>.Ok(new PassportClaims(orig, destTns, destUris, issuedAt, json, other)
        {
            Attest = attest,
            OrigId = origId,
            Div = div,
            Opt = opt,
        });
    }

    // Exactly one of "tn" / "uri", a string; other members are the caller's concern.
    private static PassportIdentity? ReadIdentity(JsonNode node)
    {
        PassportIdentity? identity = null;
        foreach (var (key, value) in node.Members!)
        {
            if (key is not (PassportClaimNames.Tn or PassportClaimNames.Uri))
            {
                continue;
            }

            if (identity is not null || value.Kind != JsonKind.String)
            {
                return null;
            }

            identity = key == PassportClaimNames.Tn ? PassportIdentity.FromTn(value.Text!) : PassportIdentity.FromUri(value.Text!);
        }

        return identity;
    }

    private static JsonNode IdentityObject(PassportIdentity identity, List<KeyValuePair<string, JsonNode>> members)
    {
        PassportHeader.Add(members, identity.Tn is not null ? PassportClaimNames.Tn : PassportClaimNames.Uri, identity.Tn ?? identity.Uri);
        return JsonNode.Object(members);
    }

    private static ParseResult<PassportClaims> Missing(JsonNode json, string name) =>
        ParseResult<PassportClaims>.Fail(ParseErrorCode.MissingClaim, Math.Max(json.Offset, 0), $"required claim \"{name}\" is missing");

    private static ParseResult<PassportClaims> Invalid(JsonNode node, string message) =>
        ParseResult<PassportClaims>.Fail(ParseErrorCode.InvalidClaim, node.Offset, message);
}
