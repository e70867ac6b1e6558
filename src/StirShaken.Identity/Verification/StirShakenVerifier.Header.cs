using System.Globalization;
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
        if (!passport.VerifySignature(validation.PublicKey))
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

    private VerificationFailure? CheckPassportHeader(IdentityHeader header, PassportToken passport)
    {
        var jose = passport.Header;
        // RFC 8225 §4.1: typ is "passport".
        if (jose.Typ is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"typ\"");
        }

        if (jose.Typ != "passport")
        {
            return new VerificationFailure(FailureReason.InvalidType, $"the PASSporT header \"typ\" is \"{jose.Typ}\", not \"passport\"");
        }

        if (jose.Alg is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"alg\"");
        }

        // Constant allow-list: ES256 only ("none", HS256, RS256... are refused before any key is touched).
        if (jose.Alg != Es256)
        {
            return new VerificationFailure(FailureReason.UnsupportedAlgorithm, $"the PASSporT header \"alg\" is \"{jose.Alg}\"; only ES256 is supported");
        }

        // RFC 8224 §4.1 "Fourth": the JOSE ppt equals the Identity ppt parameter.
        if (header.Ppt is not null && jose.Ppt != header.Ppt)
        {
            return new VerificationFailure(FailureReason.PptMismatch, $"the PASSporT header \"ppt\" is {Quote(jose.Ppt)} but the Identity ppt parameter is \"{header.Ppt}\"");
        }

        if (jose.X5u is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the PASSporT header has no \"x5u\"");
        }

        // RFC 8224 §4.1 "Third": x5u equals info by simple string comparison (RFC 3986 §6.2.1).
        if (!string.Equals(jose.X5u, header.Info, StringComparison.Ordinal))
        {
            return new VerificationFailure(FailureReason.X5uInfoMismatch, $"the PASSporT \"x5u\" \"{jose.X5u}\" differs from the info parameter <{header.Info}>", _options.X5uInfoMismatchStatusCode);
        }

        return null;
    }

    private static VerificationFailure? CheckShakenClaims(PassportClaims claims)
    {
        // RFC 8588 §4 / ATIS-1000074 §5.3.1: attest and origid are required; orig and dest are TNs.
        if (claims.Attest is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the SHAKEN claim \"attest\" is missing");
        }

        if (claims.Attestation is null)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, $"the SHAKEN claim \"attest\" is \"{claims.Attest}\"; it must be A, B or C");
        }

        if (claims.OrigId is null)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "the SHAKEN claim \"origid\" is missing");
        }

        if (claims.OrigId.Length == 0)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, "the SHAKEN claim \"origid\" is empty");
        }

        if (claims.Orig.Tn is null)
        {
            return new VerificationFailure(FailureReason.InvalidClaim, "SHAKEN requires \"orig\" of type tn, not uri");
        }

        if (claims.DestTns.Count == 0)
        {
            return new VerificationFailure(FailureReason.MissingClaim, "SHAKEN requires \"dest\" of type tn (dest.tn is missing)");
        }

        return null;
    }

    private static VerificationFailure? CheckIdentities(PassportClaims claims, MessageContext context)
    {
        // RFC 8224 §6.2.4: the identity always comes from SIP; the orig claim must match it.
        if (claims.Orig.Tn is { } origTn)
        {
            if (context.OrigTns.Count == 0)
            {
                return new VerificationFailure(FailureReason.OrigMismatch, $"no telephone number in {context.OrigSource} to match orig.tn {origTn}");
            }

            if (!context.OrigTns.Contains(origTn, StringComparer.Ordinal))
            {
                return new VerificationFailure(FailureReason.OrigMismatch, $"orig.tn {origTn} does not match the {context.OrigSource} number {string.Join(" / ", context.OrigTns)}");
            }
        }

        // Any dest.tn entry may match (RFC 8225 §5.2.1 allows several destinations).
        if (claims.DestTns.Count > 0)
        {
            if (context.DestTns.Count == 0)
            {
                return new VerificationFailure(FailureReason.DestMismatch, $"no telephone number in To to match dest.tn [{string.Join(", ", claims.DestTns)}]");
            }

            foreach (var tn in claims.DestTns)
            {
                if (context.DestTns.Contains(tn, StringComparer.Ordinal))
                {
                    return null;
                }
            }

            return new VerificationFailure(FailureReason.DestMismatch, $"no dest.tn entry [{string.Join(", ", claims.DestTns)}] matches the called number {string.Join(" / ", context.DestTns)}");
        }

        return null;
    }

    private VerificationFailure? CheckFreshness(PassportClaims claims, MessageContext context, DateTimeOffset now)
    {
        // RFC 8224 §6.2 step 4: Date (and, for the full form, iat) within local policy; one window, two directions.
        var iat = claims.IssuedAtTime;
        if (now - iat > _options.MaxAge)
        {
            return new VerificationFailure(FailureReason.StaleIat, $"iat {claims.IssuedAt} ({Format(iat)}) is {(long)(now - iat).TotalSeconds} s old; the limit is {(long)_options.MaxAge.TotalSeconds} s");
        }

        if (iat - now > _options.MaxFutureSkew)
        {
            return new VerificationFailure(FailureReason.FutureIat, $"iat {claims.IssuedAt} ({Format(iat)}) is {(long)(iat - now).TotalSeconds} s in the future; the allowed skew is {(long)_options.MaxFutureSkew.TotalSeconds} s");
        }

        if (context.DateHeader is null)
        {
            return _options.RequireDateHeader ? new VerificationFailure(FailureReason.StaleDate, "the request has no Date header and policy requires one") : null;
        }

        if (!SipDate.TryParse(context.DateHeader, out var date))
        {
            return new VerificationFailure(FailureReason.StaleDate, $"the Date header '{Truncate(context.DateHeader)}' is not an RFC 1123 GMT date");
        }

        if (now - date > _options.MaxAge)
        {
            return new VerificationFailure(FailureReason.StaleDate, $"the Date header ({Format(date)}) is {(long)(now - date).TotalSeconds} s old; the limit is {(long)_options.MaxAge.TotalSeconds} s");
        }

        if (date - now > _options.MaxFutureSkew)
        {
            return new VerificationFailure(FailureReason.FutureDate, $"the Date header ({Format(date)}) is {(long)(date - now).TotalSeconds} s in the future; the allowed skew is {(long)_options.MaxFutureSkew.TotalSeconds} s");
        }

        return null;
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

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string? value) => value is null ? "absent" : $"\"{value}\"";

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
