using System.Security.Cryptography;
using System.Text;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Sip;

/// <summary>
/// A SIP failure response built from the request per RFC 3261 §8.2.6: status line, Via (all, in
/// order), From, To (with a tag), Call-ID and CSeq copied, a Reason header (RFC 3326 or RFC 9410)
/// and <c>Content-Length: 0</c>. Exposes plain values so any SIP stack can build its own response.
/// </summary>
public sealed class SipFailureResponse
{
    private SipFailureResponse(int statusCode, string reasonPhrase, IReadOnlyList<SipHeaderField> headers, string reasonHeaderValue)
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

    /// <summary>The Reason header value, e.g. <c>SIP ;cause=438 ;text="Invalid Identity Header"</c>.</summary>
    public string ReasonHeaderValue { get; }

    /// <summary>The header fields in wire order.</summary>
    public IReadOnlyList<SipHeaderField> Headers { get; }

    /// <summary>
    /// Builds the response to <paramref name="request"/> for <paramref name="failure"/>.
    /// </summary>
    /// <param name="request">The request being answered.</param>
    /// <param name="failure">The failure (code, phrase).</param>
    /// <param name="protocol">Reason header protocol (SIP per RFC 3326, or STIR per RFC 9410).</param>
    /// <param name="ppi">With STIR: the failing PASSporT (compact form recommended), or null.</param>
    /// <param name="toTag">The To tag to add when the request's To has none; default a random tag.</param>
    public static SipFailureResponse Create(SipMessage request, VerificationFailure failure, ReasonProtocol protocol = ReasonProtocol.Sip, string? ppi = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        var headers = new List<SipHeaderField>();
        foreach (var field in request.Headers)
        {
            switch (field.CanonicalName)
            {
                case SipHeaderNames.Via:
                case SipHeaderNames.From:
                case SipHeaderNames.CallId:
                case SipHeaderNames.CSeq:
                    headers.Add(new SipHeaderField(field.CanonicalName, field.Value));
                    break;
                case SipHeaderNames.To:
                    // RFC 3261 §8.2.6.2: add a To tag when the request had none.
                    var value = field.Value;
                    if (!HasTag(value))
                    {
                        value += ";tag=" + (toTag ?? NewTag());
                    }

                    headers.Add(new SipHeaderField(SipHeaderNames.To, value));
                    break;
            }
        }

        // Keep the RFC 3261 conventional order: Via first, then From, To, Call-ID, CSeq.
        headers.Sort((a, b) => Order(a.Name).CompareTo(Order(b.Name)));
        var reason = failure.ToReasonHeaderValue(protocol, ppi);
        headers.Add(new SipHeaderField(SipHeaderNames.Reason, reason));
        headers.Add(new SipHeaderField(SipHeaderNames.ContentLength, "0"));
        return new SipFailureResponse(failure.StatusCode, failure.ReasonPhrase, headers, reason);
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

    private static int Order(string name) => name switch
    {
        SipHeaderNames.Via => 0,
        SipHeaderNames.From => 1,
        SipHeaderNames.To => 2,
        SipHeaderNames.CallId => 3,
        SipHeaderNames.CSeq => 4,
        _ => 5,
    };

    private static bool HasTag(string toValue)
    {
        // The tag is a header parameter: after the closing '>' of a name-addr, or anywhere in an addr-spec.
        var close = toValue.LastIndexOf('>');
        var parameters = close >= 0 ? toValue.AsSpan(close + 1) : toValue.AsSpan();
        foreach (var part in parameters.ToString().Split(';'))
        {
            var trimmed = part.Trim();
            if (trimmed.StartsWith("tag=", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("tag ", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string NewTag() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}
