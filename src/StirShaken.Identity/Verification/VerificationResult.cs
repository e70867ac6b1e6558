using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The outcome of verifying a request: status and verstat, the verified identity (attestation,
/// orig, dest, origid, SPC, signer certificate), one outcome per examined Identity header, and on
/// failure the reason and SIP status. Not bound to a SIP response: <see cref="CreateFailureResponse"/>
/// builds one for the request on demand.
/// </summary>
public sealed class VerificationResult
{
    private readonly IdentityHeaderOutcome? _decisive;
    private readonly ReasonProtocol _reasonProtocol;

    internal VerificationResult(VerificationStatus status, IReadOnlyList<IdentityHeaderOutcome> headers, VerificationFailure? failure,
        IdentityHeaderOutcome? decisive, ReasonProtocol reasonProtocol)
    {
        Status = status;
        Headers = headers;
        Failure = failure;
        _decisive = decisive;
        _reasonProtocol = reasonProtocol;
        if (status == VerificationStatus.Passed)
        {
            Passport = decisive!.Passport;
            Spc = decisive.Spc;
            SignerCertificate = decisive.SignerCertificate;
        }
    }

    /// <summary>Passed, failed, or no identity.</summary>
    public VerificationStatus Status { get; }

    /// <summary>Whether a supported PASSporT that stands on its own verified and matched the request (RFC 8224 §6.2.1).</summary>
    [MemberNotNullWhen(true, nameof(Passport), nameof(Orig), nameof(SignerCertificate))]
    public bool IsSuccess => Status == VerificationStatus.Passed;

    /// <summary>
    /// The 3GPP verstat value to add to PAI/From toward the called party. A verified legacy RFC 4474 request gives
    /// <c>No-TN-Validation</c>: it proves the From domain, no telephone number was validated (README "Legacy RFC 4474 (Identity-Info)").
    /// </summary>
    public string Verstat => Status switch
    {
        VerificationStatus.Passed when LegacyIdentity is not null => Verification.Verstat.NoValidation,
        VerificationStatus.Passed => Verification.Verstat.Passed,
        VerificationStatus.Failed => Verification.Verstat.Failed,
        _ => Verification.Verstat.NoValidation,
    };

    /// <summary>The verified SHAKEN attestation, when passed.</summary>
    public Attestation? Attestation => Passport?.Claims.Attestation;

    /// <summary>The verified <c>orig</c> TN (or URI), when passed.</summary>
    public string? Orig => Passport?.Claims.Orig.ToString();

    /// <summary>The verified <c>dest</c> TNs, when passed (empty otherwise).</summary>
    public IReadOnlyList<string> Dest => Passport?.Claims.DestTns ?? [];

    /// <summary>The verified <c>origid</c>, when passed.</summary>
    public string? OrigId => Passport?.Claims.OrigId;

    /// <summary>
    /// Whether the verified PASSporT's <c>orig.tn</c> or a <c>dest.tn</c> carries a leading '+' (not canonical, RFC 8224 §8.3),
    /// accepted because <see cref="VerifierOptions.StrictTelephoneNumbers"/> is off. False when not passed.
    /// </summary>
    public bool HasNonCanonicalTn => Passport is { } p && ((p.Claims.Orig.Tn is { } o && RequestBinding.IsPlusPrefixed(o)) || p.Claims.DestTns.Any(RequestBinding.IsPlusPrefixed));

    /// <summary>The signer's service provider code (from the certificate's TNAuthList), when passed.</summary>
    public string? Spc { get; }

    /// <summary>The signer's (leaf) certificate, when passed.</summary>
    public X509Certificate2? SignerCertificate { get; }

    /// <summary>The PASSporT that verified, when passed.</summary>
    public PassportToken? Passport { get; }

    /// <summary>
    /// When a legacy RFC 4474 header decided (passed or failed): its verdict, with the verified From addr-spec, domain and
    /// signer certificate when passed (no attestation, no TN); otherwise null (README "Legacy RFC 4474 (Identity-Info)").
    /// </summary>
    public LegacyIdentityVerification? LegacyIdentity => _decisive?.Legacy;

    /// <summary>
    /// The verified Rich Call Data (RFC 9795) of a passed call: from the passed SHAKEN PASSporT, or a verified <c>rcd</c>
    /// PASSporT it vouches for; null when the call did not pass or carries no RCD (README "Rich Call Data").
    /// </summary>
    public VerifiedRichCallData? RichCallData { get; internal set; }

    /// <summary>
    /// One outcome per examined Identity header, in message order (RFC 8224 §6.2 runs per header): every RFC 8224
    /// header up to <see cref="VerifierOptions.MaxIdentityHeaders"/>, including those after the one that verified.
    /// Legacy RFC 4474 values have an outcome only when legacy trust anchors are configured (verified, failed, or skipped when
    /// an RFC 8224 header decided).
    /// </summary>
    public IReadOnlyList<IdentityHeaderOutcome> Headers { get; }

    /// <summary>
    /// Every RFC 8946 diversion chain of the request (each outermost <c>div</c> to its original PASSporT, verified,
    /// failed with its own reason, or ignored), in the order of the outermost headers; empty without <c>div</c>/<c>div-o</c>
    /// PASSporTs. A failed chain never changes the verdict on its original PASSporT (README "Retargeted calls (301/302, forwarding)").
    /// </summary>
    public IReadOnlyList<DiversionChain> Diversions { get; internal init; } = [];

    /// <summary>
    /// When passed: the verified chain from the reported PASSporT to the call's current target (the call was
    /// retargeted, e.g. forwarded or redirected: <see cref="DiversionChain.OriginalDestination"/> is the number first
    /// called, <see cref="DiversionChain.Hops"/> each diversion); null otherwise.
    /// </summary>
    public DiversionChain? Diversion => Status == VerificationStatus.Passed
        ? Diversions.FirstOrDefault(c => c.IsSuccess && c.RootHeaderIndex == _decisive?.Index)
        : null;

    /// <summary>
    /// Whether an Identity header of this request carries a PASSporT already verified, within its freshness window, in a
    /// request with another Call-ID (a replay, RFC 8224 §12.1; <see cref="IdentityHeaderOutcome.IsReplay"/> says which).
    /// Under <see cref="ReplayPolicy.Report"/> (the default) the verdict is unchanged; under <see cref="ReplayPolicy.Reject"/>
    /// that header failed with 438 <see cref="FailureReason.ReplayedPassport"/>. Always false with <see cref="ReplayPolicy.Off"/>.
    /// </summary>
    public bool IsReplay
    {
        get
        {
            foreach (var header in Headers)
            {
                if (header.IsReplay)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Why verification failed (the most specific failure across headers), or null.</summary>
    public VerificationFailure? Failure { get; }

    /// <summary>
    /// Builds the SIP failure response to <paramref name="request"/> (RFC 3261 §8.2.6) for <see cref="Failure"/>:
    /// its status, and the Reason header in the verifier's <see cref="VerifierOptions.ReasonProtocol"/> (with RFC 9410, one
    /// Reason per failed Identity header whose <c>ppi</c> is that PASSporT in compact form, RFC 9410 §4; for a provisional
    /// response see <see cref="StirReasons.CreateResponse"/>). Each call builds a new response.
    /// </summary>
    /// <param name="request">The SIP request that was verified.</param>
    /// <param name="toTag">The To tag to add when the request's To has none (use the same tag for retransmissions); default a random tag.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> is a response, not a request.</exception>
    /// <exception cref="InvalidOperationException">The result is not a failure (<see cref="Failure"/> is null).</exception>
    public SipResponse CreateFailureResponse(SipMessage request, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Failure is null)
        {
            throw new InvalidOperationException($"The verification did not fail ({Status}); there is no failure response.");
        }

        // RFC 9410 §4: one STIR Reason (with its ppi) per failed Identity header.
        return _reasonProtocol == ReasonProtocol.Stir ? this.CreateResponse(request, Failure.Status, ReasonProtocol.Stir, toTag) : Failure.CreateResponse(request, _reasonProtocol, null, toTag);
    }

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        VerificationStatus.Passed when LegacyIdentity is { } legacy => $"{Verstat} legacy from={legacy.FromAddrSpec} domain={legacy.Domain} alg={legacy.Algorithm}",
        VerificationStatus.Passed => $"{Verstat} attest={Attestation} orig={Orig} spc={Spc}",
        VerificationStatus.Failed => $"{Verstat} {Failure}",
        _ => Verstat,
    };
}
