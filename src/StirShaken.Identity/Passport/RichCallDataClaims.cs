using System.Collections.ObjectModel;
using System.Text.Json;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>
/// The Rich Call Data claims of one PASSporT (RFC 9795 §5–§7, §10): <c>rcd</c>, its integrity digests <c>rcdi</c>,
/// the call reason <c>crn</c>, and the third-party issuer <c>iss</c>. Carried inside a SHAKEN PASSporT (RFC 9795
/// §13.2) or in a separate <c>ppt=rcd</c> PASSporT (§8). Read them with <see cref="TryRead"/>; to sign, build one
/// and pass <see cref="ToClaims"/> as <see cref="PassportClaims.OtherClaims"/>. Immutable.
/// </summary>
public sealed class RichCallDataClaims
{
    /// <summary>Creates the claims for signing.</summary>
    /// <param name="rcd">The <c>rcd</c> claim, or null (then <paramref name="callReason"/> must be set).</param>
    /// <param name="callReason">The <c>crn</c> claim (RFC 9795 §7; RFC 9796 §6 recommends at most 64 characters), or null.</param>
    /// <param name="integrity"><c>rcdi</c>: JSON pointer relative to <c>rcd</c> → digest value (<see cref="ComputeIntegrity"/>), or null.</param>
    /// <param name="issuer"><c>iss</c> of a third-party <c>rcd</c> PASSporT (RFC 9795 §10.1), or null.</param>
    /// <exception cref="ArgumentException">Neither <c>rcd</c> nor <c>crn</c>; <c>rcdi</c> without <c>rcd</c> (RFC 9795 §6); a key of <paramref name="integrity"/> is not a JSON pointer.</exception>
    public RichCallDataClaims(RichCallData? rcd, string? callReason = null, IReadOnlyDictionary<string, string>? integrity = null, string? issuer = null)
    {
        if (rcd is null && callReason is null)
        {
            throw new ArgumentException("Rich Call Data needs an rcd or a crn claim (RFC 9795 §8).", nameof(rcd));
        }

        if (integrity is { Count: > 0 } && rcd is null)
        {
            throw new ArgumentException("rcdi requires rcd (RFC 9795 §6).", nameof(integrity));
        }

        if (integrity?.Keys.FirstOrDefault(static k => !k.StartsWith('/')) is { } bad)
        {
            throw new ArgumentException($"rcdi key '{bad}' is not a JSON pointer (RFC 9795 §6, RFC 6901).", nameof(integrity));
        }

        Rcd = rcd;
        CallReason = callReason;
        Integrity = integrity is null ? Empty : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(integrity, StringComparer.Ordinal));
        Issuer = issuer;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>The <c>rcd</c> claim, or null.</summary>
    public RichCallData? Rcd { get; }

    /// <summary>The <c>crn</c> claim, or null.</summary>
    public string? CallReason { get; }

    /// <summary>The <c>rcdi</c> claim: JSON pointer (relative to <c>rcd</c>) → <c>alg-base64</c>; empty when absent.</summary>
    public IReadOnlyDictionary<string, string> Integrity { get; }

    /// <summary>Whether the PASSporT carries an <c>rcdi</c> claim (possibly empty).</summary>
    public bool HasIntegrity { get; private init; }

    /// <summary>The <c>iss</c> claim (third-party RCD, RFC 9795 §10.1), or null for first-party RCD.</summary>
    public string? Issuer { get; }

    /// <summary>
    /// Reads the RCD claims of <paramref name="claims"/> and applies the construction rules of RFC 9795 §5–§7:
    /// <c>rcd</c> an object with exactly one string <c>nam</c>, <c>apn</c> a canonical TN, <c>icn</c>/<c>jcl</c>
    /// https URLs, <c>jcd</c> xor <c>jcl</c>, <c>rcdi</c> an object of strings and only with <c>rcd</c>, <c>crn</c>
    /// and <c>iss</c> strings. A broken rule means no claim of the PASSporT may be used (RFC 9795 §8.1).
    /// </summary>
    /// <returns>Null when the PASSporT carries none of <c>rcd</c>, <c>rcdi</c>, <c>crn</c>; else the claims,
    /// or an <see cref="ParseErrorCode.InvalidClaim"/>/<see cref="ParseErrorCode.MissingClaim"/> error naming the rule.</returns>
    public static ParseResult<RichCallDataClaims>? TryRead(PassportClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var payload = claims.ToJson();
        var rcdNode = payload[RichCallDataNames.Rcd];
        var rcdiNode = payload[RichCallDataNames.Rcdi];
        var crnNode = payload[RichCallDataNames.Crn];
        var issNode = payload[RichCallDataNames.Iss];
        if (rcdNode is null && rcdiNode is null && crnNode is null)
        {
            return null;
        }

        RichCallData? rcd = null;
        if (rcdNode is not null)
        {
            var read = RichCallData.FromJson(rcdNode);
            if (!read.IsSuccess)
            {
                return ParseResult<RichCallDataClaims>.Fail(read.Error.Code, read.Error.Position, read.Error.Message);
            }

            rcd = read.Value;
        }

        if (rcdiNode is not null && rcdNode is null)
        {
            return Invalid(rcdiNode, "claim \"rcdi\" is present without \"rcd\" (RFC 9795 §6)");
        }

        var integrity = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rcdiNode is not null)
        {
            if (rcdiNode.Kind != JsonKind.Object)
            {
                return Invalid(rcdiNode, "claim \"rcdi\" must be an object of JSON pointer → digest strings (RFC 9795 §6)");
            }

            foreach (var (pointer, digest) in rcdiNode.Members!)
            {
                if (digest.Kind != JsonKind.String)
                {
                    return Invalid(digest, $"\"rcdi\" entry \"{pointer}\" must be a string \"alg-base64\" (RFC 9795 §6)");
                }

                integrity.Add(pointer, digest.Text!);
            }
        }

        if (crnNode is not null && crnNode.Kind != JsonKind.String)
        {
            return Invalid(crnNode, "claim \"crn\" must be a string (RFC 9795 §7)");
        }

        if (issNode is not null && issNode.Kind != JsonKind.String)
        {
            return Invalid(issNode, "claim \"iss\" must be a string (RFC 9795 §10.1, RFC 7519 §4.1.1)");
        }

        return ParseResult<RichCallDataClaims>.Ok(new RichCallDataClaims(rcd, crnNode?.Text, rcdNode is null ? null : integrity, rcd is null ? issNode?.Text : issNode?.Text, skipChecks: true)
        {
            HasIntegrity = rcdiNode is not null,
        });
    }

    private RichCallDataClaims(RichCallData? rcd, string? callReason, Dictionary<string, string>? integrity, string? issuer, bool skipChecks)
    {
        _ = skipChecks;
        Rcd = rcd;
        CallReason = callReason;
        Integrity = integrity is null ? Empty : new ReadOnlyDictionary<string, string>(integrity);
        Issuer = issuer;
    }

    /// <summary>
    /// The claims as <see cref="PassportClaims.OtherClaims"/> members (<c>rcd</c>, <c>rcdi</c> when not empty,
    /// <c>crn</c>, <c>iss</c>), e.g. <c>new PassportClaims(orig, dest, iat) { Attest = "A", OrigId = id, OtherClaims = rcd.ToClaims() }</c>.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> ToClaims()
    {
        var members = new List<KeyValuePair<string, JsonNode>>();
        if (Rcd is not null)
        {
            members.Add(new(RichCallDataNames.Rcd, Rcd.ToJson()));
        }

        if (Integrity.Count > 0)
        {
            members.Add(new(RichCallDataNames.Rcdi, JsonNode.Object([.. Integrity.Select(static p => new KeyValuePair<string, JsonNode>(p.Key, JsonNode.String(p.Value)))])));
        }

        PassportHeader.Add(members, RichCallDataNames.Crn, CallReason);
        PassportHeader.Add(members, RichCallDataNames.Iss, Issuer);
        return JsonElementBridge.ToElements(members);
    }

    /// <summary>
    /// Computes the <c>rcdi</c> entries an authoritative signer must send for <paramref name="rcd"/> (RFC 9795 §4 mode 2,
    /// §6.1): <c>/icn</c> over the icon bytes, <c>/jcd</c> over the jCard's canonical JSON plus one entry per https URI
    /// inside it, or <c>/jcl</c> over the hosted jCard bytes plus one per URI inside that jCard; with
    /// <paramref name="includeInlineValues"/> also <c>/nam</c> and <c>/apn</c> (optional, §6.1.1). Inline <c>data:</c> URIs need no digest.
    /// </summary>
    /// <param name="rcd">The RCD to protect.</param>
    /// <param name="content">URL → the exact bytes served there (the icon, the hosted jCard, its logos); null when unknown.</param>
    /// <param name="algorithm"><c>sha256</c> (default), <c>sha384</c> or <c>sha512</c>.</param>
    /// <param name="includeInlineValues">Also digest <c>nam</c> and <c>apn</c>.</param>
    /// <param name="padded">Keep base64 padding (default false, as in the RFC examples).</param>
    /// <returns>Pointer → digest value.</returns>
    /// <exception cref="ArgumentException">The bytes of a referenced URL are missing, the hosted jCard is not a jCard, or the algorithm is unsupported.</exception>
    public static IReadOnlyDictionary<string, string> ComputeIntegrity(RichCallData rcd, Func<string, byte[]?> content, string algorithm = RichCallDataDigest.Sha256, bool includeInlineValues = false, bool padded = false)
    {
        ArgumentNullException.ThrowIfNull(rcd);
        ArgumentNullException.ThrowIfNull(content);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (includeInlineValues)
        {
            result.Add("/" + RichCallDataNames.Nam, RichCallDataDigest.Compute(JsonNode.String(rcd.Name), algorithm, padded));
            if (rcd.AlternatePresentationNumber is { } apn)
            {
                result.Add("/" + RichCallDataNames.Apn, RichCallDataDigest.Compute(JsonNode.String(apn), algorithm, padded));
            }
        }

        if (rcd.Icon is { } icon && !RichCallData.IsDataUri(icon))
        {
            result.Add("/" + RichCallDataNames.Icn, RichCallDataDigest.Compute(Bytes(icon), algorithm, padded));
        }

        if (rcd.JCard is { } card)
        {
            result.Add("/" + RichCallDataNames.Jcd, RichCallDataDigest.Compute(card.Json, algorithm, padded));
            foreach (var (pointer, uri) in card.UriReferences)
            {
                result.Add("/" + RichCallDataNames.Jcd + pointer, RichCallDataDigest.Compute(Bytes(uri), algorithm, padded));
            }
        }

        if (rcd.JCardUrl is { } jcl)
        {
            var document = Bytes(jcl);
            result.Add("/" + RichCallDataNames.Jcl, RichCallDataDigest.Compute(document, algorithm, padded));
            var hosted = JCard.TryParse(document);
            if (!hosted.IsSuccess)
            {
                throw new ArgumentException($"the document at <{jcl}> is not a jCard: {hosted.Error}", nameof(content));
            }

            foreach (var (pointer, uri) in hosted.Value.UriReferences)
            {
                result.Add("/" + RichCallDataNames.Jcl + pointer, RichCallDataDigest.Compute(Bytes(uri), algorithm, padded));
            }
        }

        return result;

        byte[] Bytes(string url) => content(url) ?? throw new ArgumentException($"no content supplied for <{url}>; rcdi needs its exact bytes (RFC 9795 §6.1).", nameof(content));
    }

    private static ParseResult<RichCallDataClaims> Invalid(JsonNode node, string message) =>
        ParseResult<RichCallDataClaims>.Fail(ParseErrorCode.InvalidClaim, Math.Max(node.Offset, 0), message);
}
