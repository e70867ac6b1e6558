using StirShaken.Identity.Parsing;

namespace StirShaken.Identity.Verification;

/// <summary>
/// What a conformance profile asks of the Identity header parameters beyond the RFC 8224 §4 grammar that
/// <see cref="IdentityHeader"/> checks (README "Conformance profiles"). RFC 8224 §4:
/// <c>Identity = signed-identity-digest SEMI ident-info *( SEMI ident-info-params )</c> with
/// <c>ident-info-params = ident-info-alg / ident-type / ident-info-extension</c>: <c>info</c> is mandatory in every
/// profile (the parser refuses a header without it), <c>alg</c>, <c>ppt</c> and extension parameters are optional.
/// <see cref="ConformanceProfile.Rfc8224"/> and <see cref="ConformanceProfile.Atis"/> keep the RFC's latitude;
/// <see cref="ConformanceProfile.Man"/> (the French MAN test plan) requires exactly <c>info</c>, <c>alg</c> and a supported <c>ppt</c>.
/// </summary>
internal static class IdentityParameterRules
{
    // RFC 8224 §4 parameter names (ident-info, ident-info-alg, ident-type).
    private const string Info = "info";
    private const string Alg = "alg";
    private const string Ppt = "ppt";

    /// <summary>
    /// RFC 8224 §4.1 "Second": when <c>alg</c> is absent its default is ES256, so RFC 8224 and ATIS accept a header
    /// without it; the MAN test plan answers 437 (<see cref="FailureReason.MissingAlgParameter"/>).
    /// </summary>
    public static bool RequiresAlg(ConformanceProfile profile) => profile == ConformanceProfile.Man;

    /// <summary>
    /// RFC 8224 §4 allows <c>ident-info-extension = generic-param</c>, and §6.2 step 1 skips a header whose <c>ppt</c> is
    /// not supported; a header without <c>ppt</c> is judged by its PASSporT's own <c>ppt</c> (README "SIP codes"). The MAN
    /// test plan refuses an extra parameter, a missing <c>ppt</c> and an unsupported <c>ppt</c> with 438
    /// (<see cref="FailureReason.IdentityParameterRejected"/>).
    /// </summary>
    public static bool RequiresExactParameters(ConformanceProfile profile) => profile == ConformanceProfile.Man;

    /// <summary>
    /// Under <see cref="RequiresExactParameters"/>: the first parameter other than <c>info</c>, <c>alg</c> and <c>ppt</c>,
    /// then a missing <c>ppt</c>, then a <c>ppt</c> without rules (<paramref name="isSupported"/> false); null when none.
    /// Always null in the other profiles.
    /// </summary>
    public static VerificationFailure? CheckParameters(IdentityHeader header, ConformanceProfile profile, Func<string, bool> isSupported)
    {
        if (!RequiresExactParameters(profile))
        {
            return null;
        }

        foreach (var (name, _) in header.Parameters)
        {
            if (name is not (Info or Alg or Ppt))
            {
                return Rejected($"the Identity header has the parameter '{name}'; the {Name(profile)} profile allows only info, alg and ppt");
            }
        }

        if (header.Ppt is not { } ppt)
        {
            return Rejected($"the Identity header has no ppt parameter; the {Name(profile)} profile requires ppt=shaken");
        }

        return isSupported(ppt)
            ? null
            : Rejected($"the Identity ppt parameter is '{ppt}', a PASSporT type this verifier does not support; the {Name(profile)} profile refuses it instead of skipping the header");
    }

    /// <summary>Under <see cref="RequiresAlg"/>: a header without the <c>alg</c> parameter; null otherwise.</summary>
    public static VerificationFailure? CheckAlgPresent(IdentityHeader header, ConformanceProfile profile) =>
        RequiresAlg(profile) && header.Alg is null
            ? new VerificationFailure(FailureReason.MissingAlgParameter, $"the Identity header has no alg parameter; the {Name(profile)} profile requires alg=ES256 (RFC 8224 §4.1 would default it to ES256)")
            : null;

    private static VerificationFailure Rejected(string detail) => new(FailureReason.IdentityParameterRejected, detail);

    private static string Name(ConformanceProfile profile) => profile switch
    {
        ConformanceProfile.Man => "man",
        ConformanceProfile.Atis => "atis",
        _ => "rfc8224",
    };
}
