using System.Text.Json;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Server;

/// <summary>
/// A <c>verificationRequest</c> (3GPP TS 24.229 Ms interface; ATIS-1000082), read from JSON in any of the spellings the
/// service accepts (README "HTTP service"): 3GPP <c>identityHeader</c>/<c>identityHeaders</c>/<c>from</c>/<c>to</c>/<c>dest</c>/<c>time</c>;
/// ATIS-1000082 <c>identity</c> (answered with the ATIS fields too); the pre-ATIS <c>orig</c>/<c>dest</c>/<c>iat</c>,
/// wrapped or not. <c>tn</c> may be a string or an array of strings.
/// </summary>
internal sealed class VerificationRequest
{
    private VerificationRequest(string identityHeader, IReadOnlyList<string> otherIdentityHeaders, Party from, Party to, Party? requestUri, long time)
    {
        IdentityHeader = identityHeader;
        OtherIdentityHeaders = otherIdentityHeaders;
        From = from;
        To = to;
        RequestUri = requestUri;
        Time = time;
    }

    /// <summary>The SHAKEN Identity header value (with its parameters).</summary>
    public string IdentityHeader { get; }

    /// <summary>Further Identity header values (div, rph…), in order.</summary>
    public IReadOnlyList<string> OtherIdentityHeaders { get; }

    /// <summary>Every Identity header value: <see cref="IdentityHeader"/> first.</summary>
    public IEnumerable<string> AllIdentityHeaders => OtherIdentityHeaders.Prepend(IdentityHeader);

    /// <summary>The calling party (P-Asserted-Identity or From).</summary>
    public Party From { get; }

    /// <summary>The called party (To).</summary>
    public Party To { get; }

    /// <summary>The Request-URI (3GPP <c>dest</c>), when given.</summary>
    public Party? RequestUri { get; }

    /// <summary>The Date header time, Unix seconds.</summary>
    public long Time { get; }

    /// <summary>The client's <c>requestId</c>, echoed as received (string or number).</summary>
    public JsonElement? RequestId { get; private init; }

    /// <summary>The client's <c>displayName</c>, echoed.</summary>
    public string? DisplayName { get; private init; }

    /// <summary>Whether the request used the ATIS-1000082 spelling <c>identity</c> (answered with <c>verstat</c>/<c>reasoncode</c> too).</summary>
    public bool AtisSpelling { get; private init; }

    /// <summary>Other SIP headers of the call (<c>protectedHeaders</c>, "Name: value").</summary>
    public IReadOnlyList<(string Name, string Value)> ProtectedHeaders { get; private init; } = [];

    /// <summary>A telephone number list or a URI.</summary>
    internal sealed record Party(IReadOnlyList<string> Tns, string? Uri)
    {
        /// <summary>The name-addr list of a From/To/PAI header: <c>&lt;tel:+N&gt;</c> per number, or <c>&lt;uri&gt;</c>.</summary>
        public string HeaderValue => Uri is not null ? $"<{Uri}>" : string.Join(", ", Tns.Select(tn => $"<{TelUri(tn)}>"));

        /// <summary>One name-addr: <c>&lt;uri&gt;</c>, or the first number as <c>&lt;tel:+N&gt;</c> (From carries one address).</summary>
        public string FirstHeaderValue => $"<{RequestUriValue}>";

        /// <summary>A Request-URI: the URI, or the first number as a tel URI.</summary>
        public string RequestUriValue => Uri ?? TelUri(Tns[0]);

        // RFC 3966 global number; the canonical TN of RFC 8224 §8.3 is the digits without '+'.
        private static string TelUri(string tn) => "tel:+" + tn;
    }

    /// <summary>Reads the request; returns null with <paramref name="error"/> (a 400 message) when a field is missing or invalid.</summary>
    public static VerificationRequest? TryRead(JsonElement root, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the body must be a JSON object {\"verificationRequest\":{...}}";
            return null;
        }

        var request = root.TryGetProperty("verificationRequest", out var wrapped) ? wrapped : root;
        if (request.ValueKind != JsonValueKind.Object)
        {
            error = "'verificationRequest' must be an object";
            return null;
        }

        try
        {
            return Read(request);
        }
        catch (FieldException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static VerificationRequest Read(JsonElement request)
    {
        var atis = false;
        var identity = OptionalString(request, "identityHeader");
        if (identity is null)
        {
            identity = OptionalString(request, "identity");
            atis = identity is not null;
        }

        if (string.IsNullOrWhiteSpace(identity))
        {
            throw new FieldException(identity is null ? "missing required field 'identityHeader'" : "'identityHeader' is empty");
        }

        var others = new List<string>();
        if (request.TryGetProperty("identityHeaders", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new FieldException("'identityHeaders' must be an array of strings");
            }

            foreach (var item in list.EnumerateArray())
            {
                others.Add(item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } value
                    ? value
                    : throw new FieldException("'identityHeaders' must be an array of non-empty strings"));
            }
        }

        // 3GPP: from/to/dest(Request-URI)/time. Pre-ATIS (Vesper, CPS samples): orig/dest(called)/iat.
        var from = ReadParty(request, "from") ?? ReadParty(request, "orig") ?? throw new FieldException("missing required field 'from'");
        var to = ReadParty(request, "to");
        Party? requestUri = null;
        if (to is null)
        {
            to = ReadParty(request, "dest") ?? throw new FieldException("missing required field 'to'");
        }
        else
        {
            requestUri = ReadParty(request, "dest");
        }

        var time = ReadTime(request, "time") ?? ReadTime(request, "iat") ?? throw new FieldException("missing required field 'time' (Unix seconds of the Date header)");
        JsonElement? requestId = request.TryGetProperty("requestId", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number ? id.Clone() : null;
        return new VerificationRequest(identity, others, from, to, requestUri, time)
        {
            AtisSpelling = atis,
            RequestId = requestId,
            DisplayName = OptionalString(request, "displayName"),
            ProtectedHeaders = ReadProtectedHeaders(request),
            Body = OptionalString(request, "body"),
        };
    }

    /// <summary>The method of the request the fields describe: the service verifies calls (RFC 8224 §4).</summary>
    public const string Method = "INVITE";

    /// <summary>The Request-URI: <c>dest</c>, else the To URI (a tel URI for a number).</summary>
    public string RequestUriValue => (RequestUri ?? To).RequestUriValue;

    /// <summary>
    /// The header fields of the INVITE this request describes, in message order, for the library's header-list entry
    /// (<see cref="SipMessage.Create"/>; no SIP text is built or parsed): From (with <c>displayName</c> as its
    /// display-name, RFC 9795 §12.2), To, Date (from <c>time</c>, unless <c>protectedHeaders</c> carries the Date as
    /// received, which RFC 4474 §9 signs verbatim), P-Asserted-Identity for several calling numbers, the protected
    /// headers, then one Identity header per value (RFC 8224 §4), in order.
    /// </summary>
    public List<KeyValuePair<string, string>> ToHeaders()
    {
        var headers = new List<KeyValuePair<string, string>>(4 + ProtectedHeaders.Count + OtherIdentityHeaders.Count);
        var from = From.FirstHeaderValue + ";tag=stir-identity-serve";
        headers.Add(new(SipHeaderNames.From, DisplayName is { Length: > 0 } display ? Verification.RichCallDataPresentation.QuoteDisplayName(display) + " " + from : from));
        headers.Add(new(SipHeaderNames.To, To.HeaderValue));
        if (!HasProtectedDate)
        {
            headers.Add(new(SipHeaderNames.Date, SipDate.Format(DateTimeOffset.FromUnixTimeSeconds(Time))));
        }

        if (From.Tns.Count > 1)
        {
            headers.Add(new(SipHeaderNames.PAssertedIdentity, From.HeaderValue));
        }

        foreach (var (name, value) in ProtectedHeaders)
        {
            headers.Add(new(name, value));
        }

        headers.Add(new(SipHeaderNames.Identity, IdentityHeader));
        foreach (var value in OtherIdentityHeaders)
        {
            headers.Add(new(SipHeaderNames.Identity, value));
        }

        return headers;
    }

    /// <summary>The request body as received (<c>body</c>; RFC 4474 §9 signs it), or null.</summary>
    public string? Body { get; private init; }

    private bool HasProtectedDate
    {
        get
        {
            foreach (var (header, _) in ProtectedHeaders)
            {
                if (header.Equals(SipHeaderNames.Date, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static Party? ReadParty(JsonElement request, string name)
    {
        if (!request.TryGetProperty(name, out var party) || party.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (party.ValueKind != JsonValueKind.Object)
        {
            throw new FieldException($"'{name}' must be an object {{\"tn\":\"...\"}} or {{\"uri\":\"...\"}}");
        }

        if (party.TryGetProperty("tn", out var tn) && tn.ValueKind != JsonValueKind.Null)
        {
            var numbers = new List<string>();
            if (tn.ValueKind == JsonValueKind.String)
            {
                numbers.Add(Number(tn.GetString(), name));
            }
            else if (tn.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in tn.EnumerateArray())
                {
                    numbers.Add(Number(item.ValueKind == JsonValueKind.String ? item.GetString() : null, name));
                }
            }

            return numbers.Count > 0 ? new Party(numbers, null) : throw new FieldException($"'{name}.tn' must be a telephone number or a non-empty array of them");
        }

        if (party.TryGetProperty("uri", out var uri) && uri.ValueKind != JsonValueKind.Null)
        {
            var text = uri.ValueKind == JsonValueKind.String ? uri.GetString() : null;
            if (text is null || text.AsSpan().IndexOfAny("<>\r\n\" ") >= 0 || !SipUri.TryParse(text).IsSuccess)
            {
                throw new FieldException($"'{name}.uri' must be a SIP or tel URI");
            }

            return new Party([], text);
        }

        throw new FieldException($"'{name}' needs 'tn' or 'uri'");
    }

    /// <summary>A telephone number in any common notation (+1 (215) 555-1212) → canonical digits (RFC 8224 §8.3).</summary>
    private static string Number(string? text, string name)
    {
        if (text is null || text.Length > 64)
        {
            throw new FieldException($"'{name}.tn' must be a telephone number string");
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.' or '(' or ')' or ' ' or '#' or '*'))
            {
                throw new FieldException($"'{name}.tn' is not a telephone number: '{text}'");
            }
        }

        var canonical = TelephoneNumber.Canonicalize(text);
        return canonical.Length > 0 ? canonical : throw new FieldException($"'{name}.tn' is not a telephone number: '{text}'");
    }

    private static long? ReadTime(JsonElement request, string name)
    {
        if (!request.TryGetProperty(name, out var time) || time.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // RFC 3261 §20.17 dates exist from 1970 to 9999; an integer outside that cannot be a Date header.
        return time.ValueKind == JsonValueKind.Number && time.TryGetInt64(out var seconds) && seconds is >= 0 and <= 253402300799
            ? seconds
            : throw new FieldException($"'{name}' must be an integer number of seconds since 1970 (Unix time)");
    }

    private static List<(string, string)> ReadProtectedHeaders(JsonElement request)
    {
        var headers = new List<(string, string)>();
        if (!request.TryGetProperty("protectedHeaders", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return headers;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new FieldException("'protectedHeaders' must be an array of \"Name: value\" strings");
        }

        foreach (var item in list.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (text is null || colon <= 0)
            {
                throw new FieldException("'protectedHeaders' entries must be \"Name: value\" strings");
            }

            var name = text[..colon].Trim();
            if (name.Equals(SipHeaderNames.Identity, StringComparison.OrdinalIgnoreCase) || name.Equals("y", StringComparison.OrdinalIgnoreCase))
            {
                throw new FieldException("'protectedHeaders' must not carry Identity: use 'identityHeader' and 'identityHeaders'");
            }

            headers.Add((name, text[(colon + 1)..].Trim()));
        }

        return headers;
    }

    private static string? OptionalString(JsonElement request, string name)
    {
        if (!request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FieldException($"'{name}' must be a string");
    }

    /// <summary>A 400: what is missing or wrong, in the client's field names.</summary>
    private sealed class FieldException(string message) : Exception(message);
}
