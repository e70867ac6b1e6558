using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

public sealed partial class StirShakenVerifier
{
    /// <summary>
    /// Verifies a request another SIP stack already parsed (SIPSorcery, a B2BUA, an SBC plug-in) without rebuilding wire
    /// text: the method, the Request-URI and the header fields as name/value pairs in message order (one pair per header
    /// line; several Identity headers are several pairs), see <see cref="SipMessage.Create"/>. A header list that cannot
    /// form a message (a name that is not a token, a value with CR/LF) fails with 438 <see cref="FailureReason.MalformedMessage"/>.
    /// </summary>
    /// <param name="method">The method, e.g. <c>INVITE</c>.</param>
    /// <param name="requestUri">The Request-URI as received.</param>
    /// <param name="headers">The header fields in message order.</param>
    /// <param name="body">The body, or null (the verifier does not read it).</param>
    /// <param name="cancellationToken">Cancels certificate fetches.</param>
    /// <exception cref="ArgumentNullException"><paramref name="method"/>, <paramref name="requestUri"/> or <paramref name="headers"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<VerificationResult> VerifyHeadersAsync(string method, string requestUri, IEnumerable<KeyValuePair<string, string>> headers, string? body = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(headers);
        SipMessage message;
        try
        {
            message = SipMessage.Create(method, requestUri, headers, body);
        }
        catch (ArgumentException e)
        {
            var result = Finish(VerificationStatus.Failed, [], new VerificationFailure(FailureReason.MalformedMessage, $"the SIP message is malformed: {e.Message}"), null);
            Record(result, null);
            return new ValueTask<VerificationResult>(result);
        }

        return VerifyAsync(message, cancellationToken);
    }
}
