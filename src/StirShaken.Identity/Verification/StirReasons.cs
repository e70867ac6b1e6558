using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// RFC 9410 responses: one <c>Reason: STIR ;cause=… ;text=… ;ppi=…</c> per failed Identity header (RFC 9410 §4: each
/// Reason with a <c>ppi</c> names exactly one cause), in a final failure response or in the next provisional or final
/// response when the call continues despite the failure (RFC 9410 §3).
/// </summary>
public static class StirReasons
{
    /// <summary>
    /// The Reason header values for <paramref name="result"/>: with <see cref="ReasonProtocol.Stir"/> one per failed Identity
    /// header, in message order, each with the failing PASSporT in compact form as <c>ppi</c> (when it decoded); with
    /// <see cref="ReasonProtocol.Sip"/> one RFC 3326 value for <see cref="VerificationResult.Failure"/>. Empty when nothing failed.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static IReadOnlyList<string> GetReasonHeaderValues(this VerificationResult result, ReasonProtocol protocol = ReasonProtocol.Stir)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (protocol != ReasonProtocol.Stir)
        {
            return result.Failure is null ? [] : [result.Failure.ToReasonHeaderValue(protocol)];
        }

        var values = result.Headers
            .Where(h => h.Status == IdentityHeaderStatus.Failed && h.Failure is not null)
            .Select(h => h.Failure!.ToReasonHeaderValue(ReasonProtocol.Stir, h.Passport?.CompactForm))
            .ToList();
        if (values.Count == 0 && result.Failure is not null)
        {
            // A failure of the request as a whole (e.g. 428, no Identity header): one Reason, no ppi.
            values.Add(result.Failure.ToReasonHeaderValue(ReasonProtocol.Stir));
        }

        return values;
    }

    /// <summary>
    /// Builds a response to <paramref name="request"/> (RFC 3261 §8.2.6) with <paramref name="status"/> — a final failure
    /// (e.g. <see cref="VerificationFailure.Status"/>) or a provisional response such as <see cref="SipStatus.SessionProgress"/>
    /// or <see cref="SipStatus.Ringing"/> when the call continues — carrying <see cref="GetReasonHeaderValues"/> (RFC 9410 §3-§4).
    /// </summary>
    /// <param name="result">The verification result.</param>
    /// <param name="request">The verified request.</param>
    /// <param name="status">The response status.</param>
    /// <param name="protocol">STIR (RFC 9410, default) or SIP (RFC 3326).</param>
    /// <param name="toTag">The To tag to add when the request's To has none (same tag for every response of the dialog); default a random tag.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> is a response.</exception>
    public static SipResponse CreateResponse(this VerificationResult result, SipMessage request, SipStatus status, ReasonProtocol protocol = ReasonProtocol.Stir, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsRequest)
        {
            throw new ArgumentException("A response answers a SIP request, not a response.", nameof(request));
        }

        return SipResponse.Create(request, status, result.GetReasonHeaderValues(protocol).Select(v => new SipHeaderField(SipHeaderNames.Reason, v)), toTag);
    }

    /// <summary>
    /// Returns a copy of <paramref name="request"/> tagged for forwarding: <c>verstat</c> from <paramref name="result"/> on the
    /// P-Asserted-Identity (else From) telephone-number URIs (<see cref="SipMessage.WithVerstat"/>), and, when
    /// <paramref name="removeIdentityHeaders"/>, without its Identity headers (for a network that does not use STIR).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static SipMessage WithVerstat(this SipMessage request, VerificationResult result, bool removeIdentityHeaders = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var tagged = request.WithVerstat(result.Verstat);
        return removeIdentityHeaders ? tagged.WithIdentityHeadersRemoved() : tagged;
    }
}
