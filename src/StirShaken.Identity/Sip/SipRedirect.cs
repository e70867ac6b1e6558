using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StirShaken.Identity.Sip;

/// <summary>
/// Redirection with STIR (RFC 8946 §7, which updates RFC 8224 to allow Identity in 3xx responses): build a
/// 301/302 that carries the new target(s) in Contact and the redirecting entity's <c>div</c> PASSporT(s) in Identity
/// header fields, and, on the side that receives it, build the new request to a Contact with the original Identity
/// plus the 3xx's. Plain SIP text in and out; any stack can copy the fields instead.
/// </summary>
public static class SipRedirect
{
    /// <summary>301 Moved Permanently (RFC 3261 §21.3.2).</summary>
    public static readonly SipStatus MovedPermanently = new(301, "Moved Permanently");

    /// <summary>302 Moved Temporarily (RFC 3261 §21.3.3).</summary>
    public static readonly SipStatus MovedTemporarily = new(302, "Moved Temporarily");

    private const string Contact = "Contact";

    /// <summary>
    /// Builds a redirect response to <paramref name="request"/> (RFC 3261 §8.2.6, §8.3): Via, From, To (with a tag),
    /// Call-ID and CSeq copied, one Contact per target, then one Identity header per value (RFC 8946 §7).
    /// </summary>
    /// <param name="request">The request being redirected (normally an INVITE).</param>
    /// <param name="status">A 3xx status, e.g. <see cref="MovedPermanently"/>.</param>
    /// <param name="contacts">The new target URIs, e.g. <c>sip:+12155551214@example.net;user=phone</c> (written as <c>&lt;uri&gt;</c>).</param>
    /// <param name="identityHeaders">Identity header values (e.g. from <c>DiversionSigner.CreateIdentityHeaders</c>), or null.</param>
    /// <param name="toTag">The To tag to add when the request's To has none; default a random tag.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="contacts"/> is null.</exception>
    /// <exception cref="ArgumentException">The status is not 3xx, there is no contact, a contact or Identity value contains CR, LF, '&lt;' or '&gt;', or the message is not a request.</exception>
    public static SipResponse CreateResponse(SipMessage request, SipStatus status, IEnumerable<string> contacts, IEnumerable<string>? identityHeaders = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(contacts);
        if (!request.IsRequest)
        {
            throw new ArgumentException("A redirect answers a SIP request, not a response.", nameof(request));
        }

        if (status.Code is < 300 or > 399)
        {
            throw new ArgumentException($"A redirect has a 3xx status, not {status}.", nameof(status));
        }

        var extra = new List<SipHeaderField>();
        foreach (var contact in contacts)
        {
            if (string.IsNullOrWhiteSpace(contact) || contact.AsSpan().IndexOfAny("\r\n<>") >= 0)
            {
                throw new ArgumentException($"'{contact}' is not a URI for a Contact header.", nameof(contacts));
            }

            extra.Add(new SipHeaderField(Contact, "<" + contact + ">"));
        }

        if (extra.Count == 0)
        {
            throw new ArgumentException("A redirect needs at least one Contact.", nameof(contacts));
        }

        foreach (var identity in identityHeaders ?? [])
        {
            if (string.IsNullOrEmpty(identity) || identity.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException("An Identity value must be one non-empty line.", nameof(identityHeaders));
            }

            extra.Add(new SipHeaderField(SipHeaderNames.Identity, identity));
        }

        return SipResponse.Create(request, status, extra, toTag);
    }

    /// <summary>
    /// The new request that follows a 3xx (RFC 3261 §8.1.3.4): Request-URI = the chosen Contact, same Call-ID, From
    /// and To, CSeq number + 1, a new branch in the top Via, and the original request's Identity headers followed by
    /// the response's (RFC 8946 §7: which to copy is the UAC's choice; this copies every one not already present).
    /// </summary>
    /// <param name="request">The request that was redirected, as sent.</param>
    /// <param name="response">The 3xx response.</param>
    /// <param name="contact">Which Contact URI to follow; default the first one that parses.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="response"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is not a request, the response is not a 3xx, or it has no usable Contact.</exception>
    public static SipMessage FollowRedirect(SipMessage request, SipMessage response, string? contact = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (!request.IsRequest)
        {
            throw new ArgumentException("Not a request.", nameof(request));
        }

        if (response.StatusCode is not (>= 300 and <= 399))
        {
            throw new ArgumentException($"Not a 3xx response: {response.StartLine}", nameof(response));
        }

        string? target = null;
        foreach (var address in response.GetAddresses(Contact))
        {
            if (address.IsSuccess && (contact is null || address.Value.Uri.ToString() == contact))
            {
                target = address.Value.Uri.ToString();
                break;
            }
        }

        if (target is null)
        {
            throw new ArgumentException(contact is null ? "The 3xx has no Contact that parses." : $"The 3xx has no Contact '{contact}'.", nameof(response));
        }

        var identities = request.GetHeaderValues(SipHeaderNames.Identity);
        var text = new StringBuilder().Append(request.Method).Append(' ').Append(target).Append(" SIP/2.0\r\n");
        var firstVia = true;
        foreach (var header in request.Headers)
        {
            var value = header.Value;
            if (firstVia && header.CanonicalName == SipHeaderNames.Via)
            {
                value = NewBranch(value);
                firstVia = false;
            }
            else if (header.CanonicalName == SipHeaderNames.CSeq)
            {
                value = NextCSeq(value);
            }
            else if (header.CanonicalName == SipHeaderNames.ContentLength)
            {
                continue; // written last
            }

            text.Append(header.Name).Append(": ").Append(value).Append("\r\n");
        }

        foreach (var identity in response.GetHeaderValues(SipHeaderNames.Identity))
        {
            if (!identities.Contains(identity))
            {
                text.Append(SipHeaderNames.Identity).Append(": ").Append(identity).Append("\r\n");
            }
        }

        text.Append(SipHeaderNames.ContentLength).Append(": ").Append(Encoding.UTF8.GetByteCount(request.Body).ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n").Append(request.Body);
        return SipMessage.Parse(text.ToString());
    }

    /// <summary>A copy of <paramref name="request"/> with another Request-URI (retargeting, RFC 3261 §16.5).</summary>
    internal static SipMessage WithRequestUri(SipMessage request, string requestUri)
    {
        if (string.IsNullOrWhiteSpace(requestUri) || requestUri.AsSpan().IndexOfAny(" \r\n") >= 0)
        {
            throw new ArgumentException($"'{requestUri}' is not a Request-URI.", nameof(requestUri));
        }

        var text = request.ToString();
        var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        return SipMessage.Parse($"{request.Method} {requestUri} SIP/2.0{text[lineEnd..]}");
    }

    // RFC 3261 §8.1.1.7: a new transaction gets a new branch (magic cookie z9hG4bK).
    private static string NewBranch(string via)
    {
        var branch = "z9hG4bK" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var at = via.IndexOf(";branch=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return via + ";branch=" + branch;
        }

        var end = via.IndexOfAny([';', ','], at + 1);
        return string.Concat(via.AsSpan(0, at), ";branch=", branch, end < 0 ? string.Empty : via[end..]);
    }

    private static string NextCSeq(string cseq)
    {
        var parts = cseq.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? string.Create(CultureInfo.InvariantCulture, $"{number + 1} {parts[1]}")
            : cseq;
    }
}
