using System.Text.Json;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Server;

/// <summary>A read <c>signingRequest</c>: a SHAKEN PASSporT to sign, or a diversion (<c>ppt</c> <c>div</c>).</summary>
internal sealed record SigningInput(SigningRequest? Shaken, DiversionInput? Diversion);

/// <summary>
/// A <c>div</c> signing request (RFC 8946; README "HTTP service"). Two forms, as 3GPP TS 24.229 names the fields:
/// with <c>identityHeader</c>/<c>identityHeaders</c> (the Identity headers of the request being retargeted) the
/// library's <see cref="DiversionSigner"/> signs one <c>div</c> per PASSporT naming the current target, <c>orig</c>
/// and <c>iat</c> copied (RFC 8946 §4.1), like <c>sign --div</c>; without them, one <c>div</c> PASSporT is signed from
/// the claims <c>orig</c>, <c>dest</c> (the new target), <c>div</c> (<c>tn</c> diverted from, optional <c>hi</c>)
/// and <c>iat</c>.
/// </summary>
internal sealed record DiversionInput(
    string NewTarget, string? DivertedFrom, string? HistoryInfoIndex, DateTimeOffset? IssuedAt, string? Orig, IReadOnlyList<string> IdentityHeaders, string? RequestUri)
{
    /// <summary>The Identity header values, <c>&lt;jws&gt;;info=&lt;x5u&gt;;alg=ES256;ppt="div"</c>; empty when the target does not change.</summary>
    /// <exception cref="ArgumentException">A number without digits, no PASSporT to retarget, or no PASSporT naming the current target.</exception>
    public IReadOnlyList<string> Sign(PassportSigner signer, TimeProvider time)
    {
        if (IdentityHeaders.Count > 0)
        {
            // The retargeted request as the library reads it: its Identity headers and (for the current target) its Request-URI.
            var headers = IdentityHeaders.Select(value => new KeyValuePair<string, string>(SipHeaderNames.Identity, value));
            var request = SipMessage.Create(VerificationRequest.Method, RequestUri ?? "sip:invalid", headers);
            return new DiversionSigner(signer).CreateIdentityHeaders(request, NewTarget, DivertedFrom, HistoryInfoIndex, IssuedAt);
        }

        var from = Canonical(DivertedFrom!);
        var target = Canonical(NewTarget);
        if (from == target)
        {
            return []; // RFC 8946 §3: no div when the canonical target does not change
        }

        var claims = new PassportClaims(PassportIdentity.FromTn(Canonical(Orig!)), [target], (IssuedAt ?? time.GetUtcNow()).ToUnixTimeSeconds())
        {
            Div = new PassportDiversion(PassportIdentity.FromTn(from), HistoryInfoIndex),
        };
        var token = signer.Sign(new PassportHeader(signer.X5u, PassportTypes.Div), claims);
        // The Identity parameter ppt="div", quoted as RFC 8946 §4.1 writes it (the same form DiversionSigner writes).
        return [IdentityHeader.Format(token.FullForm, signer.X5u, JoseAlgorithms.ES256, null) + ";ppt=\"" + PassportTypes.Div + "\""];
    }

    // RFC 8224 §8.3 canonical digits.
    private static string Canonical(string tn) =>
        TelephoneNumber.Canonicalize(tn) is { Length: > 0 } canonical ? canonical : throw new ArgumentException($"'{tn}' is not a telephone number");
}

/// <summary>
/// Reads a <c>signingRequest</c> (3GPP TS 24.229; ATIS-1000082): attest, orig, dest, iat, origid, ppt; for
/// <c>ppt</c> <c>div</c> the <see cref="DiversionInput"/> fields.
/// </summary>
internal static class SigningRequestReader
{
    public static SigningInput? TryRead(JsonElement root, out string? error)
    {
        error = null;
        var request = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("signingRequest", out var wrapped) ? wrapped : root;
        if (request.ValueKind != JsonValueKind.Object)
        {
            error = "the body must be a JSON object {\"signingRequest\":{...}}";
            return null;
        }

        var ppt = String(request, "ppt");
        if (ppt is not null && ppt != PassportTypes.Shaken && ppt != PassportTypes.Div)
        {
            error = $"ppt '{ppt}' cannot be signed by this service (shaken or div)";
            return null;
        }

        if (!TryReadIat(request, out var iat, out error))
        {
            return null;
        }

        return ppt == PassportTypes.Div ? ReadDiversion(request, iat, out error) : ReadShaken(request, iat, out error);
    }

    private static SigningInput? ReadShaken(JsonElement request, DateTimeOffset? iat, out string? error)
    {
        error = null;
        Attestation? attestation = String(request, "attest") switch
        {
            "A" => Attestation.A,
            "B" => Attestation.B,
            "C" => Attestation.C,
            _ => null,
        };
        if (attestation is null)
        {
            error = "'attest' must be \"A\", \"B\" or \"C\"";
            return null;
        }

        var orig = Numbers(request, "orig");
        var dest = Numbers(request, "dest");
        if (orig is not { Count: 1 } || dest is not { Count: > 0 })
        {
            error = orig is not { Count: 1 } ? "'orig' must be {\"tn\":\"<number>\"}" : "'dest' must be {\"tn\":[\"<number>\", ...]}";
            return null;
        }

        var origId = String(request, "origid");
        if (origId is not null && !Guid.TryParse(origId, out _))
        {
            error = "'origid' must be a UUID (ATIS-1000074 §5.2.4)";
            return null;
        }

        return new SigningInput(new SigningRequest(orig[0], dest, attestation.Value) { IssuedAt = iat, OrigId = origId }, null);
    }

    private static SigningInput? ReadDiversion(JsonElement request, DateTimeOffset? iat, out string? error)
    {
        error = null;
        var dest = Numbers(request, "dest");
        if (dest is not { Count: 1 })
        {
            error = "'dest' must be {\"tn\":\"<new target>\"} (the number the call is retargeted to, RFC 8946 §4.1)";
            return null;
        }

        string? from = null;
        string? hi = null;
        if (request.TryGetProperty("div", out var div) && div.ValueKind != JsonValueKind.Null)
        {
            if (div.ValueKind != JsonValueKind.Object || Numbers(request, "div") is not { Count: 1 } diverted)
            {
                error = "'div' must be {\"tn\":\"<number diverted from>\", \"hi\":\"<History-Info index>\"} (RFC 8946 §3, §8)";
                return null;
            }

            from = diverted[0];
            hi = String(div, "hi");
        }

        var identities = new List<string>();
        if (String(request, "identityHeader") is { Length: > 0 } identity)
        {
            identities.Add(identity);
        }

        if (request.TryGetProperty("identityHeaders", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } value)
                {
                    error = "'identityHeaders' must be an array of non-empty strings";
                    return null;
                }

                identities.Add(value);
            }
        }

        var orig = Numbers(request, "orig");
        if (identities.Count == 0 && (orig is not { Count: 1 } || from is null))
        {
            error = "a div signing request needs 'identityHeader' (the PASSporTs of the request being retargeted), or 'orig' {\"tn\":...} and 'div' {\"tn\":...}";
            return null;
        }

        string? requestUri = null;
        if (request.TryGetProperty("requestUri", out var uri) && uri.ValueKind == JsonValueKind.String)
        {
            requestUri = uri.GetString();
            if (requestUri is null || !SipUri.TryParse(requestUri).IsSuccess)
            {
                error = "'requestUri' must be a SIP or tel URI (the Request-URI before retargeting)";
                return null;
            }
        }

        return new SigningInput(null, new DiversionInput(dest[0], from, hi, iat, orig?[0], identities, requestUri));
    }

    private static bool TryReadIat(JsonElement request, out DateTimeOffset? iat, out string? error)
    {
        iat = null;
        error = null;
        if (request.TryGetProperty("iat", out var iatElement) && iatElement.ValueKind != JsonValueKind.Null)
        {
            if (iatElement.ValueKind != JsonValueKind.Number || !iatElement.TryGetInt64(out var seconds) || seconds is < 0 or > 253402300799)
            {
                error = "'iat' must be an integer number of seconds since 1970 (Unix time)";
                return false;
            }

            iat = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return true;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? Numbers(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var party) || party.ValueKind != JsonValueKind.Object || !party.TryGetProperty("tn", out var tn))
        {
            return null;
        }

        var list = new List<string>();
        foreach (var item in tn.ValueKind == JsonValueKind.Array ? tn.EnumerateArray() : Enumerable.Repeat(tn, 1))
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                return null;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }
}
