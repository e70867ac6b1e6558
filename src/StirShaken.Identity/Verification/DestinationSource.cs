namespace StirShaken.Identity.Verification;

/// <summary>Which SIP fields a <c>dest</c> entry may match.</summary>
public enum DestinationSource
{
    /// <summary>The To header (ATIS-1000074 §5.3.1; RFC 8224 §6.2 step 5). Default.</summary>
    To,
    /// <summary>The To header or the Request-URI (for networks that retarget without a <c>div</c> PASSporT).</summary>
    ToOrRequestUri,
    /// <summary>
    /// The Request-URI only: the current target after retargeting (RFC 8946 §4.2). A PASSporT signed for the original
    /// number then matches only through a <c>div</c> chain; the default target of <see cref="VerifierOptions.DiversionTarget"/>.
    /// </summary>
    RequestUri,
}
