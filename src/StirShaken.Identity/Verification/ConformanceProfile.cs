namespace StirShaken.Identity.Verification;

/// <summary>
/// Which practice the verifier's SIP codes follow (README "Conformance profiles"). A profile only selects among the
/// statuses of the one reason→code table (<see cref="FailureReasons"/>); it never adds a second table. Configuration
/// key <c>Verifier:Profile</c>, CLI <c>--profile rfc8224|atis|man</c>.
/// </summary>
public enum ConformanceProfile
{
    /// <summary>RFC 8224 §6.2.2 codes (default).</summary>
    Rfc8224,

    /// <summary>ATIS-1000082 practice: as RFC 8224, but <c>x5u</c> ≠ <c>info</c> is 436 Bad Identity Info.</summary>
    Atis,

    /// <summary>
    /// The French MAN test plan (as OpenSIPS implements it): 436 for <c>x5u</c> ≠ <c>info</c>, for a JOSE <c>ppt</c> that is
    /// missing or differs from the Identity <c>ppt</c> parameter, and for a missing <c>info</c>; 437 for a wrong <c>typ</c> and
    /// for a missing <c>alg</c> parameter; 438 for an Identity parameter other than <c>info</c>/<c>alg</c>/<c>ppt</c> and for a
    /// missing or unsupported <c>ppt</c> parameter (refused, not skipped); 400 for a message whose caller cannot be read
    /// and for a caller without a telephone number.
    /// </summary>
    Man,
}
