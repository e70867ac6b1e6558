using StirShaken.Identity.Certificates;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

public sealed partial class StirShakenVerifier
{
    private const string Es256 = "ES256";
    private const string ShakenPpt = "shaken";

    /// <summary>
    /// One Identity header through the pipeline. Cheap local checks come first so that a bad token
    /// never costs a certificate fetch (CODES.md ordering): syntax → header → claims → orig/dest →
    /// x5u policy → freshness → credential → signature.
    /// </summary>
    private async ValueTask<IdentityHeaderOutcome> VerifyHeaderAsync(int index, string value, MessageContext context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // RFC 8224 §4: Identity header grammar.
        var parsed = IdentityHeader.TryParse(value, _options.Parser.MaxTokenLength);
        if (!parsed.Success)
        {
            return Failed(index, value, null, null, FailureReason.MalformedIdentityHeader, $"Identity header {index + 1} is malformed: {parsed.Error}");
        }

        var header = parsed.Value;

        // RFC 8224 §6.2 step 1: headers with an unsupported ppt are ignored, not failed. Without a ppt
        // parameter we look at the PASSporT's own ppt (lenient: some signers omit the parameter).
        if (header.Ppt is { } declared && !_options.SupportedPpts.Contains(declared))
        {
            return new IdentityHeaderOutcome(index, value, declared, IdentityHeaderStatus.Skipped, null, null, null);
        }

        PassportToken? token = null;
        ParseResult<PassportToken> decoded = default;
        if (!header.IsCompact)
        {
            decoded = PassportToken.TryParse(header.Token);
            token = decoded.Value;
        }

        var ppt = header.Ppt ?? token?.Header.Ppt;
        if (!_options.SupportedPpts.Contains(ppt ?? string.Empty))
        {
            return new IdentityHeaderOutcome(index, value, ppt, IdentityHeaderStatus.Skipped, null, token, null);
        }

        // RFC 8224 §4.1: alg defaults to ES256; SHAKEN allows nothing else (437 per CODES.md).
        if (header.Alg is { } alg && alg != Es256)
        {
            return Failed(index, value, ppt, token, FailureReason.UnsupportedAlgorithm, $"the Identity alg parameter is '{alg}'; only ES256 is supported");
        }

        // ATIS-1000074 §5.3.3: SHAKEN requires the full form (attest and origid cannot be rebuilt).
        if (header.IsCompact)
        {
            return Failed(index, value, ppt, null, FailureReason.CompactFormNotAllowed, $"the {ppt ?? "base"} PASSporT is in compact form (..signature); the full form is required");
        }

        if (!decoded.Success)
        {
            var reason = decoded.Error.Code switch
            {
                ParseErrorCode.MissingClaim => FailureReason.MissingClaim,
                ParseErrorCode.InvalidClaim => FailureReason.InvalidClaim,
                _ => FailureReason.MalformedPassport,
            };
            return Failed(index, value, ppt, null, reason, $"the PASSporT is invalid: {decoded.Error.Message}");
        }

        var passport = decoded.Value;
        if (CheckPassportHeader(header, passport) is { } headerFailure)
        {
            return Failed(index, value, ppt, passport, headerFailure);
        }

        if (ppt == ShakenPpt && CheckShakenClaims(passport.Claims) is { } claimFailure)
        {
            return Failed(index, value, ppt, passport, claimFailure);
        }

        if (CheckIdentities(passport.Claims, context) is { } identityFailure)
        {
            return Failed(index, value, ppt, passport, identityFailure);
        }

        if (!_urlPolicy.IsAllowed(header.Info, out var urlReason))
        {
            return Failed(index, value, ppt, passport, FailureReason.InfoUrlRefused, $"the info URL <{header.Info}> is refused: {urlReason}");
        }

        if (CheckFreshness(passport.Claims, context, now) is { } staleFailure)
        {
            return Failed(index, value, ppt, passport, staleFailure);
        }

        // RFC 8224 §6.2 step 3: obtain and validate the credential.
        CertificateFetchResult fetched;
        try
        {
            fetched = await _certificates.GetCertificateChainAsync(header.Info, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A misbehaving certificate source must become a 436, not a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            fetched = CertificateFetchResult.Fail(CertificateFetchFailure.Other, e.Message);
        }

        if (!fetched.Success)
        {
            var reason = fetched.Failure == CertificateFetchFailure.PolicyRefused ? FailureReason.InfoUrlRefused : FailureReason.CertificateUnavailable;
            return Failed(index, value, ppt, passport, reason, $"the certificate at <{header.Info}> could not be obtained ({fetched.Failure}): {fetched.Detail}");
        }

        var validation = _validator.Validate(fetched.Chain, now);
        if (!validation.IsValid)
        {
            return Failed(index, value, ppt, passport, MapCertificateFailure(validation.Failure), $"the certificate at <{header.Info}> is not acceptable: {validation.Detail}");
        }

        // RFC 8224 §6.2 step 5 / RFC 7515 §5.2: ES256 over the received segments.
        if (validation.PublicKey is not System.Security.Cryptography.ECDsa key || !passport.VerifySignature(key))
        {
            return Failed(index, value, ppt, passport, FailureReason.InvalidSignature,
                $"the ES256 signature does not verify with the key of '{validation.Leaf.Subject}' over the received PASSporT header and payload");
        }

        // ATIS-1000074 §5.3.1: revocation (CRL). After the signature, so a forged token never costs a CRL fetch.
        if (_revocation is not null)
        {
            var revocation = await _revocation.CheckAsync(fetched.Chain, now, cancellationToken).ConfigureAwait(false);
            if (!revocation.IsAcceptable)
            {
                return Failed(index, value, ppt, passport, MapCertificateFailure(revocation.Failure), $"the certificate at <{header.Info}> is not acceptable: {revocation.Detail}");
            }
        }

        return new IdentityHeaderOutcome(index, value, ppt, IdentityHeaderStatus.Verified, null, passport, validation.Spc, validation.Leaf);
    }

    private static FailureReason MapCertificateFailure(CertificateFailure failure) => failure switch
    {
        CertificateFailure.Expired or CertificateFailure.NotYetValid => FailureReason.CertificateExpired,
        CertificateFailure.UnsupportedKey or CertificateFailure.KeyUsage => FailureReason.CertificateKeyUnsupported,
        CertificateFailure.MissingTnAuthList or CertificateFailure.InvalidTnAuthList or CertificateFailure.TnNotAuthorized => FailureReason.CertificateTnAuthList,
        CertificateFailure.SubjectSpcMismatch or CertificateFailure.PolicyNotAccepted => FailureReason.CertificateProfile,
        CertificateFailure.Revoked or CertificateFailure.RevocationUnknown => FailureReason.CertificateRevoked,
        _ => FailureReason.CertificateUntrusted,
    };

    private static IdentityHeaderOutcome Failed(int index, string value, string? ppt, PassportToken? passport, FailureReason reason, string detail) =>
        Failed(index, value, ppt, passport, new VerificationFailure(reason, detail));

    private static IdentityHeaderOutcome Failed(int index, string value, string? ppt, PassportToken? passport, VerificationFailure failure) =>
        new(index, value, ppt, IdentityHeaderStatus.Failed, failure, passport, null);
}
