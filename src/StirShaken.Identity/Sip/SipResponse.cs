using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Sip;

/// <summary>
/// A SIP response built from the request per RFC 3261 §8.2.6: status line, Via (all, in order),
/// From, To (with a tag), Call-ID and CSeq copied, any extra headers, and <c>Content-Length: 0</c>.
/// <see cref="CreateFailure"/> adds the STIR <c>Reason</c> header (RFC 3326 or RFC 9410). Exposes plain
/// values so any SIP stack can build its own response from it.
/// </summary>
public sealed class SipResponse
{
    private SipResponse(int statusCode, string reasonPhrase, IReadOnlyList<SipHeaderField> headers, string? reasonHeaderValue)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        ReasonHeaderValue = reasonHeaderValue;
    }

    /// <summary>The status code, e.g. 438.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase, e.g. <c>Invalid Identity Header</c>.</summary>
    public string ReasonPhrase { get; }

    /// <summary>The status line, e.g. <c>SIP/2.0 438 Invalid Identity Header</c>.</summary>
    public string StatusLine => $"SIP/2.0 {StatusCode} {ReasonPhrase}";

    /// <summary>The Reason header value of a failure response, e.g. <c>SIP ;cause=438 ;text="Invalid Identity Header"</c>; null otherwise.</summary>
    public string? ReasonHeaderValue { get; }

    /// <summary>The header fields in wire order.</summary>
    public IReadOnlyList<SipHeaderField> Headers { get; }

    /// <summary>Builds a response to <paramref name="request"/> (e.g. 200 OK, or 501).</summary>
    /// <param name="request">The request being answered.</param>
    /// <param name="statusCode">The status code.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    /// <param name="extraHeaders">Headers added after CSeq (e.g. Contact); null for none.</param>
    /// <param name="toTag">The To tag to add when the request's To has none; default a random tag.</param>
    public static SipResponse Create(SipMessage request, int statusCode, string reasonPhrase, IEnumerable<SipHeaderField>? extraHeaders = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(reasonPhrase);
        return new SipResponse(statusCode, reasonPhrase, BuildHeaders(request, extraHeaders, toTag), null);
    }

    /// <summary>Builds the failure response to <paramref name="request"/> for <paramref name="failure"/>, with its Reason header.</summary>
    /// <param name="request">The request being answered.</param>
    /// <param name="failure">The failure (code, phrase).</param>
    /// <param name="protocol">Reason header protocol (SIP per RFC 3326, or STIR per RFC 9410).</param>
    /// <param name="ppi">With STIR: the failing PASSporT (compact form recommended), or null.</param>
    /// <param name="toTag">The To tag to add when the request's To has none; default a random tag.</param>
    public static SipResponse CreateFailure(SipMessage request, VerificationFailure failure, ReasonProtocol protocol = ReasonProtocol.Sip, string? ppi = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        var reason = failure.ToReasonHeaderValue(protocol, ppi);
        var headers = BuildHeaders(request, [new SipHeaderField(SipHeaderNames.Reason, reason)], toTag);
        return new SipResponse(failure.StatusCode, failure.ReasonPhrase, headers, reason);
    }

    /// <summary>The response as wire text (CRLF line endings, empty body).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(StatusLine).Append("\r\n");
        foreach (var header in Headers)
        {
            builder.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }

        return builder.Append("\r\n").ToString();
    }

    private static List<SipHeaderField> BuildHeaders(SipMessage request, IEnumerable<SipHeaderField>? extraHeaders, string? toTag)
    {
        // RFC 3261 §8.2.6.2: Via (all, in order), From, To, Call-ID and CSeq are copied, in that order.
        var headers = new List<SipHeaderField>();
        foreach (var name in (ReadOnlySpan<string>)[SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq])
        {
            foreach (var value in request.GetHeaderValues(name))
            {
                // ...adding a To tag when the request had none.
                var copied = name == SipHeaderNames.To && SipNameAddress.TryParse(value) is not { Success: true, Value.Tag: not null }
                    ? value + ";tag=" + (toTag ?? NewTag())
                    : value;
                headers.Add(new SipHeaderField(name, copied));
            }
        }

        if (extraHeaders is not null)
        {
            headers.AddRange(extraHeaders);
        }

        headers.Add(new SipHeaderField(SipHeaderNames.ContentLength, "0"));
        return headers;
    }

    private static string NewTag() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}
