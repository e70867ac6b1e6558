namespace StirShaken.Identity.Verification;

/// <summary>
/// A failure with its SIP mapping and a human diagnostic: what was wrong (<see cref="Detail"/>) and
/// how to fix it (<see cref="Remedy"/>). Plain values, so any SIP stack can build its own response.
/// </summary>
public sealed class VerificationFailure
{
    /// <summary>Creates a failure; code and phrase come from <see cref="FailureReasons"/>.</summary>
    /// <param name="reason">The semantic reason.</param>
    /// <param name="detail">What exactly was wrong.</param>
    /// <param name="statusCodeOverride">A policy-chosen code instead of the table's (e.g. 436 for x5u ≠ info); its phrase comes from the table too.</param>
    public VerificationFailure(FailureReason reason, string detail, int? statusCodeOverride = null)
    {
        var entry = FailureReasons.Get(reason);
        Reason = reason;
        Detail = detail ?? throw new ArgumentNullException(nameof(detail));
        StatusCode = statusCodeOverride ?? entry.StatusCode;
        ReasonPhrase = statusCodeOverride is { } code && code != entry.StatusCode ? FailureReasons.GetReasonPhrase(code) : entry.ReasonPhrase;
        Remedy = entry.Remedy;
    }

    /// <summary>The semantic reason.</summary>
    public FailureReason Reason { get; }

    /// <summary>The SIP status code (403, 428, 436, 437, 438 or 500).</summary>
    public int StatusCode { get; }

    /// <summary>The SIP reason phrase, e.g. <c>Invalid Identity Header</c>.</summary>
    public string ReasonPhrase { get; }

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

    /// <inheritdoc />
    public override string ToString() => $"{StatusCode} {ReasonPhrase} ({Reason}): {Detail}";
}
