using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The verdict on one PASSporT on its own, independent of the SIP request that carried it (RFC 8224 §6.2
/// steps 1, 3 and 5): Identity syntax, JOSE header, the claims of its <c>ppt</c>, the <c>info</c> URL policy,
/// the credential (certificate path, profile, TN authorization, revocation) and the signature. The binding to
/// the request (orig, dest, Date, freshness) is not part of it, so the same signed bytes
/// (<see cref="PassportToken.FullForm"/> with <see cref="Info"/>) always get the same verdict until
/// <see cref="ValidUntil"/>.
/// </summary>
public sealed class PassportVerification
{
    internal PassportVerification(string? info, PassportToken? passport, VerificationFailure? failure, X509Certificate2? signerCertificate, string? spc, DateTimeOffset? validUntil)
    {
        Info = info;
        Passport = passport;
        Failure = failure;
        SignerCertificate = signerCertificate;
        Spc = spc;
        ValidUntil = validUntil;
    }

    /// <summary>Whether the PASSporT verified (credential acceptable and signature valid).</summary>
    [MemberNotNullWhen(true, nameof(Passport), nameof(SignerCertificate), nameof(ValidUntil), nameof(Info))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    /// <summary>Why the PASSporT failed, or null when it verified.</summary>
    public VerificationFailure? Failure { get; }

    /// <summary>The <c>info</c> URI of the Identity header (the credential's location, RFC 8224 §4), when the header parsed.</summary>
    public string? Info { get; }

    /// <summary>The decoded PASSporT, when it could be decoded.</summary>
    public PassportToken? Passport { get; }

    /// <summary>The signer's (leaf) certificate, when the certificate was validated.</summary>
    public X509Certificate2? SignerCertificate { get; }

    /// <summary>The signer's first SPC (RFC 8226 TNAuthList), when the certificate was validated and carries one.</summary>
    public string? Spc { get; }

    /// <summary>
    /// Until when a positive verdict holds: the earliest <c>notAfter</c> of the certificates served at <c>info</c>
    /// (leaf and intermediates). Null when the PASSporT did not verify. Freshness of <c>iat</c> is not part of it.
    /// </summary>
    public DateTimeOffset? ValidUntil { get; }

    /// <summary>The chain the PASSporT verified against (README "Repeats and replays": re-checked on each cache hit); null when it did not verify.</summary>
    internal Certificates.CertificateChain? Chain { get; init; }

    internal static PassportVerification Failed(string? info, PassportToken? passport, VerificationFailure failure) =>
        new(info, passport, failure, null, null, null);
}
