using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The first phase: one PASSporT on its own, whatever request carries it (RFC 8224 §6.2 steps 1, 3 and 5).
/// Split into the steps the orchestrator interleaves with the request binding so that the cheap local checks
/// all run before any certificate fetch: <see cref="Examine"/> (syntax, JOSE header, claims of the type),
/// <see cref="CheckInfo"/> (URL policy), then <see cref="VerifyCredentialAsync(IdentityHeader, PassportToken, DateTimeOffset, CancellationToken)"/> (credential and signature).
/// Thread-safe.
/// </summary>
internal sealed class PassportVerifier
{
    private readonly ICertificateSource _certificates;
    private readonly CertificateValidator _validator;
    private readonly CrlChecker? _revocation;
    private readonly X5uUrlPolicy _urlPolicy;
    private readonly VerifierOptions _options;
    private readonly Dictionary<string, IPassportTypeRules> _rules;

    public PassportVerifier(ICertificateSource certificates, CertificateValidator validator, CrlChecker? revocation, X5uUrlPolicy urlPolicy, VerifierOptions options)
    {
        _certificates = certificates;
        _validator = validator;
        _revocation = revocation;
        _urlPolicy = urlPolicy;
        _options = options;
        _rules = PassportTypeRegistry.Select(options.SupportedPpts);
    }

    /// <summary>
    /// The local checks of one Identity header value, in a fixed order: grammar (RFC 8224 §4) → ppt has rules
    /// (else skipped, §6.2 step 1) → alg parameter → compact form → JOSE header security parameters (alg, typ,
    /// ppt, crit; judged on the decoded header alone) → PASSporT decoding → x5u → claims of the type.
    /// Never throws for any value: each decoding step returns its failure as a value.
    /// </summary>
    /// <param name="index">Zero-based position of the header in the request (for the diagnostic only).</param>
    /// <param name="value">The Identity header value as received.</param>
    public ExaminedPassport Examine(int index, string value)
    {
        // RFC 8224 §4: Identity header grammar.
        var parsed = IdentityHeader.TryParse(value, _options.Parser.MaxTokenLength);
        if (!parsed.IsSuccess)
        {
            // The security-relevant JOSE parameters name the real problem even when the rest is broken
            // (e.g. alg "none" with an empty signature segment is 437, not a grammar error).
            var peeked = parsed.Error.Code == ParseErrorCode.TokenTooLong ? default : PassportToken.TryParseHeader(value.AsSpan().TrimStart());
            if (peeked.IsSuccess && JoseHeaderRules.CheckSecurity(peeked.Value, null) is { } securityFailure)
            {
                return ExaminedPassport.Failed(peeked.Value.Ppt, null, null, securityFailure);
            }

            // RFC 8224 §4: info is mandatory in every profile; its absence has its own reason (436 under the MAN profile).
            var reason = parsed.Error.Code is ParseErrorCode.MissingInfo or ParseErrorCode.MissingParameters
                ? FailureReason.MissingInfoParameter
                : FailureReason.MalformedIdentityHeader;
            return ExaminedPassport.Failed(null, null, null, new VerificationFailure(reason, $"Identity header {index + 1} is malformed: {parsed.Error}"));
        }

        var header = parsed.Value;

        // README "Conformance profiles": the MAN profile allows only info, alg and a supported ppt (438).
        if (IdentityParameterRules.CheckParameters(header, _options.Profile, _rules.ContainsKey) is { } parameterFailure)
        {
            return ExaminedPassport.Failed(header.Ppt, header, null, parameterFailure);
        }

        // RFC 8224 §6.2 step 1: headers with an unsupported ppt are ignored, not failed. Without a ppt
        // parameter we look at the PASSporT's own ppt (lenient: some signers omit the parameter).
        if (header.Ppt is { } declared && !_rules.ContainsKey(declared))
        {
            return ExaminedPassport.Skipped(declared, null);
        }

        PassportToken? token = null;
        PassportHeader? jose = null;
        ParseResult<PassportToken> decoded = default;
        if (!header.IsCompact)
        {
            decoded = Decode(header);
            token = decoded.Value;
            var (start, length) = header.TokenRange;
            jose = decoded.IsSuccess ? token!.Header : PassportToken.TryParseHeader(header.RawValue.AsSpan(start, length)) is { IsSuccess: true } alone ? alone.Value : null;
        }

        // A full-form PASSporT whose header does not decode, without a ppt parameter, has no type to be skipped
        // for: it is a malformed PASSporT (438), not an unsupported one.
        if (jose is null && !header.IsCompact && header.Ppt is null)
        {
            return ExaminedPassport.Failed(null, header, null, new VerificationFailure(FailureReason.MalformedPassport, $"the PASSporT is invalid: {decoded.Error.Message}"));
        }

        var ppt = header.Ppt ?? jose?.Ppt;
        if (ppt is null || !_rules.TryGetValue(ppt, out var rules))
        {
            return ExaminedPassport.Skipped(ppt, token);
        }

        // RFC 8224 §4.1: alg defaults to ES256 (the MAN profile requires the parameter, 437); SHAKEN allows nothing else (437, README "SIP codes").
        if (IdentityParameterRules.CheckAlgPresent(header, _options.Profile) is { } algFailure)
        {
            return ExaminedPassport.Failed(ppt, header, token, algFailure);
        }

        if (header.Alg is { } alg && alg != JoseAlgorithms.ES256)
        {
            return ExaminedPassport.Failed(ppt, header, token, new VerificationFailure(FailureReason.UnsupportedAlgorithm, $"the Identity alg parameter is '{alg}'; only ES256 is supported"));
        }

        // RFC 8224 §4.1: the compact form only for types whose claims can be rebuilt (not SHAKEN, ATIS-1000074 §5.3.3).
        if (header.IsCompact && !rules.AllowsCompactForm)
        {
            return ExaminedPassport.Failed(ppt, header, null, new VerificationFailure(FailureReason.CompactFormNotAllowed, $"the {ppt} PASSporT is in compact form (..signature); the full form is required"));
        }

        // README "JOSE header parameters": alg, typ, ppt, crit before the token's own structure is judged.
        if (jose is not null && JoseHeaderRules.CheckSecurity(jose, header.Ppt) is { } joseFailure)
        {
            return ExaminedPassport.Failed(ppt, header, token, joseFailure);
        }

        if (!decoded.IsSuccess)
        {
            var reason = decoded.Error.Code switch
            {
                ParseErrorCode.MissingClaim => FailureReason.MissingClaim,
                ParseErrorCode.InvalidClaim => FailureReason.InvalidClaim,
                _ => FailureReason.MalformedPassport,
            };
            return ExaminedPassport.Failed(ppt, header, null, new VerificationFailure(reason, $"the PASSporT is invalid: {decoded.Error.Message}"));
        }

        var passport = decoded.Value;
        if (JoseHeaderRules.CheckKeySource(passport.Header, header.Info, _options.X5uInfoMismatchStatus) is { } keySourceFailure)
        {
            return ExaminedPassport.Failed(ppt, header, passport, keySourceFailure);
        }

        if (rules.CheckClaims(passport.Claims) is { } claimFailure)
        {
            return ExaminedPassport.Failed(ppt, header, passport, claimFailure);
        }

        return new ExaminedPassport(ppt, header, passport, rules, null);
    }

    /// <summary>Decodes the full-form PASSporT of a parsed Identity header where it lies in the received value, without copying it.</summary>
    internal static ParseResult<PassportToken> Decode(IdentityHeader header)
    {
        var (start, length) = header.TokenRange;
        return PassportToken.TryParse(header.RawValue, start, length);
    }

    /// <summary>The <c>info</c> URL policy (RFC 8224 §6.2 step 3 precondition; 436).</summary>
    public VerificationFailure? CheckInfo(IdentityHeader header) =>
        _urlPolicy.IsAllowed(header.Info, out var urlReason)
            ? null
            : new VerificationFailure(FailureReason.InfoUrlRefused, $"the info URL <{header.Info}> is refused: {urlReason}");

    /// <summary>
    /// RFC 8224 §6.2 steps 3 and 5: obtain and validate the credential, check the signer's authority over
    /// <c>orig</c>, verify the signature, then revocation. Never throws except on cancellation.
    /// </summary>
    public ValueTask<PassportVerification> VerifyCredentialAsync(IdentityHeader header, PassportToken passport, DateTimeOffset now, CancellationToken cancellationToken) =>
        VerifyCredentialAsync(header.Info, passport, passport.Claims.Orig, now, cancellationToken);

    /// <summary>
    /// As above for a credential at <paramref name="info"/> (an Identity <c>info</c>, or the <c>x5u</c> of a PASSporT
    /// nested in <c>opt</c>, RFC 8946 §6), whose signer must have authority over <paramref name="scope"/>
    /// (<see cref="IPassportTypeRules.SignerScope"/>: <c>orig</c>, or the <c>div</c> identifier, RFC 8946 §3).
    /// </summary>
    public async ValueTask<PassportVerification> VerifyCredentialAsync(string info, PassportToken passport, PassportIdentity? scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fetched = await FetchAsync(_certificates, info, cancellationToken).ConfigureAwait(false);

        if (!fetched.IsSuccess)
        {
            var reason = fetched.Failure == CertificateFetchFailure.PolicyRefused ? FailureReason.InfoUrlRefused : FailureReason.CertificateUnavailable;
            return Failed(reason, $"the certificate at <{info}> could not be obtained ({fetched.Failure}): {fetched.Detail}");
        }

        var validation = _validator.Validate(fetched.Chain, now);
        if (!validation.IsSuccess)
        {
            return Failed(MapCertificateFailure(validation.Failure), $"the certificate at <{info}> is not acceptable: {validation.Detail}");
        }

        // RFC 8226 §9 / RFC 9060: a TNAuthList without an SPC authorizes only the numbers and ranges it lists.
        if (_options.EnforceTnAuthorization && validation.TnAuthList is { } tnAuthList && !tnAuthList.Authorizes(scope?.Tn))
        {
            var role = ReferenceEquals(scope, passport.Claims.Orig) ? "orig" : "div";
            return Failed(MapCertificateFailure(CertificateFailure.TnNotAuthorized),
                $"{role} {scope} is not among the telephone numbers the certificate '{validation.Leaf.Subject}' at <{info}> is authorized for ({tnAuthList})");
        }

        // RFC 8224 §6.2 step 5 / RFC 7515 §5.2: ES256 over the received segments.
        if (validation.PublicKey is not System.Security.Cryptography.ECDsa key || !passport.VerifySignature(key))
        {
            return Failed(FailureReason.InvalidSignature,
                $"the ES256 signature does not verify with the key of '{validation.Leaf.Subject}' over the received PASSporT header and payload");
        }

        // RFC 8226 §8 / RFC 9118 §4: the certificate's JWT claim constraints (e.g. on rcd, rcdi, crn; RFC 9795 §8.1).
        if (ClaimConstraintEnforcement.Check(validation.Leaf, passport.Claims) is { } constraintFailure)
        {
            return PassportVerification.Failed(info, passport, constraintFailure);
        }

        // ATIS-1000074 §5.3.1: revocation (CRL). After the signature, so a forged token never costs a CRL fetch.
        if (_revocation is not null)
        {
            var revocation = await _revocation.CheckAsync(fetched.Chain, now, cancellationToken).ConfigureAwait(false);
            if (!revocation.IsSuccess)
            {
                return Failed(MapCertificateFailure(revocation.Failure), $"the certificate at <{info}> is not acceptable: {revocation.Detail}");
            }
        }

        return new PassportVerification(info, passport, null, validation.Leaf, validation.Spc, EarliestNotAfter(fetched.Chain)) { Chain = fetched.Chain };

        PassportVerification Failed(FailureReason reason, string detail) =>
            PassportVerification.Failed(info, passport, new VerificationFailure(reason, detail));
    }

    /// <summary>
    /// The credential from its source (x5u, or RFC 4474 Identity-Info): a source that throws instead of returning a
    /// failure (a bug in a custom <see cref="ICertificateSource"/>) becomes a failed fetch, so a 436, never a crash.
    /// </summary>
    internal static async ValueTask<CertificateFetchResult> FetchAsync(ICertificateSource certificates, string url, CancellationToken cancellationToken)
    {
        try
        {
            return await certificates.GetCertificateChainAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A misbehaving certificate source must become a 436, not a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return CertificateFetchResult.Fail(CertificateFetchFailure.Other, e.Message);
        }
    }

    internal static FailureReason MapCertificateFailure(CertificateFailure failure) => failure switch
    {
        CertificateFailure.Expired or CertificateFailure.NotYetValid => FailureReason.CertificateExpired,
        CertificateFailure.UnsupportedKey or CertificateFailure.KeyUsage => FailureReason.CertificateKeyUnsupported,
        CertificateFailure.MissingTnAuthList or CertificateFailure.InvalidTnAuthList => FailureReason.CertificateTnAuthList,
        CertificateFailure.TnNotAuthorized => FailureReason.TnNotAuthorized,
        CertificateFailure.SubjectSpcMismatch or CertificateFailure.PolicyNotAccepted => FailureReason.CertificateProfile,
        CertificateFailure.Revoked or CertificateFailure.RevocationUnknown => FailureReason.CertificateRevoked,
        _ => FailureReason.CertificateUntrusted,
    };

    private static DateTimeOffset EarliestNotAfter(CertificateChain chain)
    {
        var earliest = DateTimeOffset.MaxValue;
        foreach (var certificate in chain.Certificates)
        {
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter < earliest)
            {
                earliest = notAfter;
            }
        }

        return earliest;
    }
}

/// <summary>
/// What <see cref="PassportVerifier.Examine"/> found: skipped (no rules for the <c>ppt</c>), failed (with the
/// failure), or ready for the binding and credential steps (<see cref="Rules"/>, <see cref="Header"/> and
/// <see cref="Passport"/> set).
/// </summary>
internal readonly record struct ExaminedPassport(string? Ppt, IdentityHeader? Header, PassportToken? Passport, IPassportTypeRules? Rules, VerificationFailure? Failure)
{
    public bool IsSkipped => Rules is null && Failure is null;

    public static ExaminedPassport Skipped(string? ppt, PassportToken? passport) => new(ppt, null, passport, null, null);

    public static ExaminedPassport Failed(string? ppt, IdentityHeader? header, PassportToken? passport, VerificationFailure failure) => new(ppt, header, passport, null, failure);
}
