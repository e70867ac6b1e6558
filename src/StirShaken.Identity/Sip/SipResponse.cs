using System.Security.Cryptography;
using System.Text;

namespace StirShaken.Identity.Sip;

/// <summary>
/// A SIP response built from the request per RFC 3261 §8.2.6: status line, Via (all, in order),
/// From, To (with a tag), Call-ID and CSeq copied, any extra headers (e.g. a <c>Reason</c>, RFC 3326),
/// and <c>Content-Length: 0</c>. Exposes plain values so any SIP stack can build its own response from it.
/// A STIR failure response is built by the verification layer on top of <see cref="Create"/>.
/// </summary>
public sealed class SipResponse
{
    private SipResponse(SipStatus status, IReadOnlyList<SipHeaderField> headers)
    {
        Status = status;
        Headers = headers;
        foreach (var header in headers)
        {
            if (header.Name == SipHeaderNames.Reason)
            {
                ReasonHeaderValue = header.Value;
                break;
            }
        }
    }

    /// <summary>The status (code and reason phrase).</summary>
    public SipStatus Status { get; }

    /// <summary>The status code, e.g. 438.</summary>
    public int StatusCode => Status.Code;

    /// <summary>The reason phrase, e.g. <c>Invalid Identity Header</c>.</summary>
    public string ReasonPhrase => Status.ReasonPhrase;

    /// <summary>The status line, e.g. <c>SIP/2.0 438 Invalid Identity Header</c>.</summary>
    public string StatusLine => $"SIP/2.0 {StatusCode} {ReasonPhrase}";

    /// <summary>The value of the first Reason header among the extra headers, e.g. <c>SIP ;cause=438 ;text="Invalid Identity Header"</c>; null when there is none.</summary>
    public string? ReasonHeaderValue { get; }

    /// <summary>The header fields in wire order.</summary>
    public IReadOnlyList<SipHeaderField> Headers { get; }

    /// <summary>Builds a response to <paramref name="request"/> (e.g. 200 OK, 501, or a STIR failure with its Reason header).</summary>
    /// <param name="request">The request being answered.</param>
    /// <param name="status">The status code and reason phrase, e.g. <see cref="SipStatus.Ok"/>.</param>
    /// <param name="extraHeaders">Headers added after CSeq (e.g. Reason, Contact), in order; null for none.</param>
    /// <param name="toTag">The To tag to add when the request's To has none; default a random tag (RFC 3261 §8.2.6.2).</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The reason phrase is empty.</exception>
    public static SipResponse Create(SipMessage request, SipStatus status, IEnumerable<SipHeaderField>? extraHeaders = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(status.ReasonPhrase, nameof(status));
        return new SipResponse(status, BuildHeaders(request, extraHeaders, toTag));
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
                var copied = name == SipHeaderNames.To && SipNameAddress.TryParse(value) is not { IsSuccess: true, Value.Tag: not null }
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
