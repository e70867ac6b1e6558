using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>The verdict on one diversion chain (RFC 8946 §4.2).</summary>
public enum DiversionChainStatus
{
    /// <summary>Every link, <c>orig</c>, signature, credential and freshness check holds, and the outermost <c>dest</c> is the call's target.</summary>
    Verified,

    /// <summary>A check failed: see <see cref="DiversionChain.Failure"/>. The original PASSporT is then judged alone.</summary>
    Failed,

    /// <summary>The chain ends at a PASSporT whose <c>ppt</c> the verifier does not support: ignored (RFC 8946 §4.2, RFC 8224 §6.2 step 1).</summary>
    Ignored,
}

/// <summary>
/// One retargeting chain of a request (RFC 8946 §4.2): the original PASSporT (the root, e.g. SHAKEN) and the
/// <c>div</c>/<c>div-o</c> PASSporTs linked to it, innermost first. A <c>div</c> that links to nothing is reported
/// as a chain without a root. A chain never changes the root's own verdict; it only lets a root whose <c>dest</c>
/// is the original called number verify for the current target (README "Retargeted calls (301/302, forwarding)").
/// </summary>
public sealed class DiversionChain
{
    internal DiversionChain(DiversionChainStatus status, VerificationFailure? failure, DiversionHop? failedHop, int? rootHeaderIndex, PassportToken? root, IReadOnlyList<DiversionHop> hops)
    {
        Status = status;
        Failure = failure;
        FailedHop = failedHop;
        RootHeaderIndex = rootHeaderIndex;
        Root = root;
        Hops = hops;
    }

    /// <summary>Verified, failed or ignored.</summary>
    public DiversionChainStatus Status { get; }

    /// <summary>Whether the whole chain verified to the current target.</summary>
    public bool IsSuccess => Status == DiversionChainStatus.Verified;

    /// <summary>Why the chain failed (its own reason and SIP code), or null.</summary>
    public VerificationFailure? Failure { get; }

    /// <summary>The hop the failure is attributed to, or null when it is the root's (or the chain has no failure).</summary>
    public DiversionHop? FailedHop { get; }

    /// <summary>Zero-based index of the root's Identity header among the request's Identity headers; null when the chain has no root.</summary>
    public int? RootHeaderIndex { get; }

    /// <summary>The original (innermost, non-<c>div</c>) PASSporT, or null when no PASSporT's <c>dest</c> holds the first <c>div</c> value.</summary>
    public PassportToken? Root { get; }

    /// <summary>The original called number(s): the root's <c>dest</c> (TNs then URIs); empty without a root.</summary>
    public IReadOnlyList<string> OriginalDestination => Root is null ? [] : [.. Root.Claims.DestTns, .. Root.Claims.DestUris];

    /// <summary>The diversions, innermost (diverted from the original called number) first, outermost (the current target) last; never empty.</summary>
    public IReadOnlyList<DiversionHop> Hops { get; }

    /// <summary>The current target: the outermost hop's <c>dest</c>.</summary>
    public IReadOnlyList<string> CurrentTarget => Hops[^1].To;

    /// <summary>
    /// The RFC 9410 Reason header value for a failed chain, to put in the next response toward the signer:
    /// <c>STIR ;cause=438 ;text="Invalid Identity Header" ;ppi="..sig"</c>, with <c>ppi</c> the failing PASSporT in
    /// compact form (RFC 9410 §4; the enclosing header's PASSporT for a nested one). Null when the chain did not fail.
    /// </summary>
    public string? ToReasonHeaderValue()
    {
        if (Failure is null)
        {
            return null;
        }

        var ppi = FailedHop?.EnclosingPassport.CompactForm ?? Root?.CompactForm;
        return Failure.ToReasonHeaderValue(ReasonProtocol.Stir, ppi);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Status} {string.Join(" > ", OriginalDestination)} > {string.Join(" > ", Hops.Select(h => string.Join(",", h.To)))}{(Failure is null ? string.Empty : $" ({Failure.Reason})")}";
}

/// <summary>One retargeting step of a <see cref="DiversionChain"/>: a <c>div</c> or <c>div-o</c> PASSporT (RFC 8946 §3, §5).</summary>
public sealed class DiversionHop
{
    internal DiversionHop(int headerIndex, int nestingLevel, PassportToken passport, PassportToken enclosingPassport, PassportVerification? verification, VerificationFailure? failure)
    {
        HeaderIndex = headerIndex;
        NestingLevel = nestingLevel;
        Passport = passport;
        EnclosingPassport = enclosingPassport;
        Verification = verification;
        Failure = failure;
    }

    /// <summary>Zero-based index of the Identity header carrying this PASSporT (for a nested one: the header of the outermost enclosing PASSporT).</summary>
    public int HeaderIndex { get; }

    /// <summary>0 for a PASSporT in its own Identity header; 1 and more for one nested in <c>opt</c> (RFC 8946 §6).</summary>
    public int NestingLevel { get; }

    /// <summary>The <c>ppt</c>: <c>div</c> or <c>div-o</c>.</summary>
    public string? Ppt => Passport.Header.Ppt;

    /// <summary>The identity the call was diverted from (the <c>div</c> claim); null only for a failed hop whose PASSporT lacks the claim.</summary>
    public PassportIdentity? From => Passport.Claims.Div?.Target;

    /// <summary>The new target(s) (the <c>dest</c> claim: TNs then URIs).</summary>
    public IReadOnlyList<string> To => [.. Passport.Claims.DestTns, .. Passport.Claims.DestUris];

    /// <summary>The <c>iat</c> of this diversion, seconds since the Unix epoch.</summary>
    public long IssuedAt => Passport.Claims.IssuedAt;

    /// <summary>The History-Info index <c>div.hi</c> (RFC 8946 §8), or null.</summary>
    public string? HistoryInfoIndex => Passport.Claims.Div?.HistoryInfoIndex;

    /// <summary>The retargeting signer's SPC, when its certificate was validated.</summary>
    public string? Spc => Verification?.Spc;

    /// <summary>The retargeting signer's certificate, when it was validated.</summary>
    public X509Certificate2? SignerCertificate => Verification?.SignerCertificate;

    /// <summary>The decoded <c>div</c>/<c>div-o</c> PASSporT.</summary>
    public PassportToken Passport { get; }

    /// <summary>The request-independent verdict on this PASSporT (credential and signature), or null when the chain failed before it was examined.</summary>
    public PassportVerification? Verification { get; }

    /// <summary>The failure attributed to this hop (its own credential or signature, or its link, <c>orig</c>, target or freshness), or null.</summary>
    public VerificationFailure? Failure { get; }

    /// <summary>Whether this PASSporT's signature and credential verified and no failure is attributed to it.</summary>
    public bool IsSuccess => Failure is null && Verification is { IsSuccess: true };

    internal PassportToken EnclosingPassport { get; }
}
