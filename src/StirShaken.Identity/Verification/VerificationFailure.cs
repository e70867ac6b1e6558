using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// A failure with its SIP mapping and a human diagnostic: what was wrong (<see cref="Detail"/>) and
/// how to fix it (<see cref="Remedy"/>). Plain values, so any SIP stack can build its own response;
/// <see cref="CreateResponse"/> builds one (RFC 3261 §8.2.6) for stacks that want it ready-made.
/// </summary>
public sealed class VerificationFailure
{
    /// <summary>Creates a failure; code and phrase come from <see cref="FailureReasons"/>.</summary>
    /// <param name="reason">The semantic reason.</param>
    /// <param name="detail">What exactly was wrong.</param>
    /// <param name="statusOverride">A policy-chosen status instead of the table's (e.g. 436 for x5u ≠ info, <see cref="VerifierOptions.X5uInfoMismatchStatus"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="detail"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is <see cref="FailureReason.None"/>.</exception>
    public VerificationFailure(FailureReason reason, string detail, SipStatus? statusOverride = null)
    {
        var entry = FailureReasons.Get(reason);
        Reason = reason;
        Detail = detail ?? throw new ArgumentNullException(nameof(detail));
        Status = statusOverride ?? entry.Status;
        Remedy = entry.Remedy;
    }

    /// <summary>The semantic reason.</summary>
    public FailureReason Reason { get; }

    /// <summary>The SIP status (code and reason phrase).</summary>
    public SipStatus Status { get; }

    /// <summary>The SIP status code (403, 428, 436, 437, 438 or 500).</summary>
    public int StatusCode => Status.Code;

    /// <summary>The SIP reason phrase, e.g. <c>Invalid Identity Header</c>.</summary>
    public string ReasonPhrase => Status.ReasonPhrase;

    /// <summary>What exactly was wrong, e.g. <c>no dest.tn entry matches the To number 12125551213</c>.</summary>
    public string Detail { get; }

    /// <summary>How the sender can fix it.</summary>
    public string Remedy { get; }

    /// <summary>Detail and remedy in one line, for logs and the CLI.</summary>
    public string Diagnostic => $"{Detail}. Fix: {Remedy}";

    /// <summary>
    /// The Reason header value (RFC 3326): <c>SIP ;cause=438 ;text="Invalid Identity Header"</c>, or the RFC 9410
    /// form <c>STIR ;cause=438 ;text="..." ;ppi="..sig"</c> when <paramref name="protocol"/> is <see cref="ReasonProtocol.Stir"/>.
    /// </summary>
    /// <param name="protocol">SIP (RFC 3326, default) or STIR (RFC 9410).</param>
    /// <param name="ppi">With STIR: the failing PASSporT (compact form recommended, RFC 9410 §4), or null.</param>
    public string ToReasonHeaderValue(ReasonProtocol protocol = ReasonProtocol.Sip, string? ppi = null)
    {
        var value = $"{(protocol == ReasonProtocol.Stir ? "STIR" : "SIP")} ;cause={StatusCode} ;text=\"{ReasonPhrase}\"";
        return protocol == ReasonProtocol.Stir && !string.IsNullOrEmpty(ppi) ? value + $" ;ppi=\"{ppi}\"" : value;
    }

    /// <summary>
    /// Builds the failure response to <paramref name="request"/> (RFC 3261 §8.2.6) with this failure's status and
    /// its Reason header (RFC 3326, or RFC 9410 with <see cref="ReasonProtocol.Stir"/>).
    /// </summary>
    /// <param name="request">The SIP request that was verified.</param>
    /// <param name="protocol">Reason header protocol.</param>
    /// <param name="ppi">With STIR: the failing PASSporT (compact form recommended, RFC 9410 §4), or null.</param>
    /// <param name="toTag">The To tag to add when the request's To has none (use the same tag for retransmissions); default a random tag.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> is a response, not a request.</exception>
    public SipResponse CreateResponse(SipMessage request, ReasonProtocol protocol = ReasonProtocol.Sip, string? ppi = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsRequest)
        {
            throw new ArgumentException("A failure response answers a SIP request, not a response.", nameof(request));
        }

        return SipResponse.Create(request, Status, [new SipHeaderField(SipHeaderNames.Reason, ToReasonHeaderValue(protocol, ppi))], toTag);
    }

    /// <summary>This failure with the status <paramref name="profile"/> selects from <see cref="FailureReasons"/> (itself when unchanged).</summary>
    internal VerificationFailure ForProfile(ConformanceProfile profile)
    {
        var entry = FailureReasons.Get(Reason);
        var status = entry.StatusFor(profile);
        return profile == ConformanceProfile.Rfc8224 || status == entry.Status || status == Status ? this : new VerificationFailure(Reason, Detail, status);
    }

    /// <inheritdoc />
    public override string ToString() => $"{StatusCode} {ReasonPhrase} ({Reason}): {Detail}";
}
