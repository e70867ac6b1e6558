namespace StirShaken.Identity.Certificates;

/// <summary>Why an obtained certificate chain is not acceptable. All map to 437 Unsupported Credential.</summary>
public enum CertificateFailure
{
    /// <summary>Acceptable.</summary>
    None,
    /// <summary>The chain does not lead to a configured trust anchor (or a signature in it is invalid).</summary>
    Untrusted,
    /// <summary>A certificate in the chain has expired at the verification time.</summary>
    Expired,
    /// <summary>A certificate in the chain is not yet valid at the verification time.</summary>
    NotYetValid,
    /// <summary>The leaf key is not an EC P-256 key.</summary>
    UnsupportedKey,
    /// <summary>Key usage / basic constraints do not allow signing PASSporTs (or issuing certificates).</summary>
    KeyUsage,
    /// <summary>The leaf has no TNAuthList extension (RFC 8226, OID 1.3.6.1.5.5.7.1.26).</summary>
    MissingTnAuthList,
    /// <summary>The TNAuthList extension cannot be decoded, or has no SPC when one is required.</summary>
    InvalidTnAuthList,
    /// <summary>The subject CN does not contain <c>SHAKEN &lt;SPC&gt;</c> (ATIS-1000080 §6.4.1; checked only when enabled).</summary>
    SubjectSpcMismatch,
    /// <summary>No accepted certificate-policy OID (checked only when a set is configured).</summary>
    PolicyNotAccepted,
    /// <summary>The certificate is revoked.</summary>
    Revoked,
    /// <summary>Revocation status could not be determined and policy is hard-fail.</summary>
    RevocationUnknown,
    /// <summary>
    /// The orig TN is not covered by the TNAuthList (only for TN/range lists of RFC 9060 delegate certificates;
    /// the policy is <see cref="TnAuthList.Authorizes"/>).
    /// </summary>
    TnNotAuthorized,
}
