using System.Globalization;
using System.Text;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Parsing;

/// <summary>
/// The RFC 4474 §9 digest-string, the bytes an RFC 4474 <c>Identity</c> signature covers, built from the SIP
/// request as received:
/// <c>From addr-spec | To addr-spec | Call-ID | CSeq number SP method | Date | Contact addr-spec | body</c>.
/// The Contact and body parts are empty when absent, their separators stay. Immutable.
/// </summary>
/// <remarks>
/// What "as received" means here (README "Legacy RFC 4474 (Identity-Info)"): the addr-specs are the URIs
/// exactly as written between <c>&lt;</c> and <c>&gt;</c> (or the bare addr-spec), so display names, header
/// parameters (<c>tag</c>), folding and compact header names do not change the digest-string; Call-ID and
/// Date are the header values with surrounding whitespace removed; CSeq is rebuilt as number, one SP,
/// method (RFC 4474 §9); the body is the UTF-8 bytes of <see cref="SipMessage.Body"/> (the bytes received
/// when the message was decoded as UTF-8), cut to Content-Length when that header is smaller.
/// </remarks>
public sealed class LegacyDigestString
{
    private readonly byte[] _bytes;

    private LegacyDigestString(string from, string to, string callId, string cseq, string date, string contact, byte[] body)
    {
        FromAddrSpec = from;
        ToAddrSpec = to;
        CallId = callId;
        CSeq = cseq;
        Date = date;
        ContactAddrSpec = contact;
        Body = body;
        var head = Encoding.UTF8.GetBytes(string.Join('|', from, to, callId, cseq, date, contact) + "|");
        _bytes = new byte[head.Length + body.Length];
        head.CopyTo(_bytes, 0);
        body.CopyTo(_bytes, head.Length);
    }

    /// <summary>The From addr-spec, e.g. <c>sip:alice@example.com</c> (the domain whose certificate signs, RFC 4474 §5).</summary>
    public string FromAddrSpec { get; }

    /// <summary>The To addr-spec.</summary>
    public string ToAddrSpec { get; }

    /// <summary>The Call-ID value.</summary>
    public string CallId { get; }

    /// <summary>The CSeq as <c>number SP method</c>, e.g. <c>1 INVITE</c>.</summary>
    public string CSeq { get; }

    /// <summary>The Date value; empty when the request has none (RFC 4474 §5 requires one; a verifier answers 403).</summary>
    public string Date { get; }

    /// <summary>The first Contact addr-spec, or empty when the request has no Contact.</summary>
    public string ContactAddrSpec { get; }

    /// <summary>The body bytes as signed (empty when none).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The whole digest-string as bytes: what RSA-SHA1 / RSA-SHA256 signs (RFC 4474 §9).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Builds the digest-string of <paramref name="message"/> (RFC 4474 §9).</summary>
    /// <returns>
    /// The digest-string, or a <see cref="ParseError"/> with position -1: <see cref="ParseErrorCode.MissingHeader"/>
    /// when From, To, Call-ID or CSeq is absent; <see cref="ParseErrorCode.InvalidAddress"/> when From, To or Contact
    /// does not parse; <see cref="ParseErrorCode.InvalidHeaderLine"/> when CSeq is not <c>1*DIGIT LWS Method</c>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static ParseResult<LegacyDigestString> TryBuild(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!AddrSpec(message, SipHeaderNames.From, required: true, out var from, out var error)
            || !AddrSpec(message, SipHeaderNames.To, required: true, out var to, out error)
            || !AddrSpec(message, "Contact", required: false, out var contact, out error))
        {
            return ParseResult<LegacyDigestString>.Fail(error);
        }

        var callId = message.GetHeader(SipHeaderNames.CallId)?.Trim();
        if (string.IsNullOrEmpty(callId))
        {
            return Fail(ParseErrorCode.MissingHeader, "the request has no Call-ID");
        }

        var cseqValue = message.GetHeader(SipHeaderNames.CSeq);
        if (cseqValue is null)
        {
            return Fail(ParseErrorCode.MissingHeader, "the request has no CSeq");
        }

        // RFC 3261 §20.16: CSeq = 1*DIGIT LWS Method; RFC 4474 §9 joins them with exactly one SP.
        var parts = cseqValue.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[0].All(char.IsAsciiDigit) || !SipSyntax.IsToken(parts[1]))
        {
            return Fail(ParseErrorCode.InvalidHeaderLine, "the CSeq is not '1*DIGIT SP Method'");
        }

        var date = message.GetHeader(SipHeaderNames.Date)?.Trim() ?? string.Empty;
        return ParseResult<LegacyDigestString>.Ok(new LegacyDigestString(from, to, callId, parts[0] + " " + parts[1], date, contact, BodyBytes(message)));
    }

    /// <summary>The digest-string as text (the body decoded as UTF-8), for diagnostics and <c>inspect</c>.</summary>
    public override string ToString() => Encoding.UTF8.GetString(_bytes);

    private static byte[] BodyBytes(SipMessage message)
    {
        var body = Encoding.UTF8.GetBytes(message.Body);

        // RFC 3261 §20.14: Content-Length is the body size in octets; bytes after it are not part of the message.
        if (message.GetHeader(SipHeaderNames.ContentLength) is { } value
            && int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length < body.Length)
        {
            return body[..length];
        }

        return body;
    }

    private static bool AddrSpec(SipMessage message, string header, bool required, out string addrSpec, out ParseError error)
    {
        addrSpec = string.Empty;
        error = ParseError.None;
        var addresses = message.GetAddresses(header);
        if (addresses.Count == 0)
        {
            if (required)
            {
                error = new ParseError(ParseErrorCode.MissingHeader, -1, $"the request has no {header}");
            }

            return !required;
        }

        if (!addresses[0].TryGetValue(out var address))
        {
            error = new ParseError(ParseErrorCode.InvalidAddress, -1, $"the {header} address does not parse: {addresses[0].Error.Message}");
            return false;
        }

        addrSpec = address.Uri.Raw;
        return true;
    }

    private static ParseResult<LegacyDigestString> Fail(ParseErrorCode code, string message) =>
        ParseResult<LegacyDigestString>.Fail(code, -1, message);
}
