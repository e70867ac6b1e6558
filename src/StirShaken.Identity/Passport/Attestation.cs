namespace StirShaken.Identity.Passport;

/// <summary>SHAKEN attestation level (RFC 8588 §4, ATIS-1000074 §5.2.3).</summary>
public enum Attestation
{
    /// <summary>Full: the signer originated the call, knows the customer and verified its right to use the calling TN.</summary>
    A,
    /// <summary>Partial: the signer originated the call and knows the customer, but has not verified the TN.</summary>
    B,
    /// <summary>Gateway: the call entered the signer's network at a gateway, with no customer relationship.</summary>
    C,
}
