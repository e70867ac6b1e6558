namespace StirShaken.Identity.Certificates.Revocation;

/// <summary>What to do about certificate revocation (CRL checking, ATIS-1000074 §5.3.1).</summary>
public enum RevocationMode
{
    /// <summary>No revocation checking.</summary>
    Off,

    /// <summary>
    /// Default. A revoked certificate fails (437); when the status cannot be determined (CRL host down,
    /// no CRL distribution point, bad CRL signature, stale CRL) the certificate is accepted and a
    /// warning is logged. Chosen because the STI-PA CRL is a single external dependency: hard-fail
    /// would reject every call while it is unreachable.
    /// </summary>
    SoftFail,

    /// <summary>A certificate whose status cannot be determined fails too (437, <see cref="CertificateFailure.RevocationUnknown"/>).</summary>
    HardFail,
}
