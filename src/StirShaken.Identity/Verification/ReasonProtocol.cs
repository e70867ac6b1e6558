namespace StirShaken.Identity.Verification;

/// <summary>The protocol token of the Reason header that carries a STIR failure.</summary>
public enum ReasonProtocol
{
    /// <summary><c>Reason: SIP ;cause=438 ;text="..."</c> (RFC 3326). Understood by every peer; the default.</summary>
    Sip,
    /// <summary><c>Reason: STIR ;cause=438 ;text="..." ;ppi="..."</c> (RFC 9410).</summary>
    Stir,
}
