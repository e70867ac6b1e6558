using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

/// <summary>
/// THE table mapping each <see cref="FailureReason"/> to its SIP status code, reason phrase and a
/// remedy a human can act on (RFC 8224 §6.2.2). Change a code here and nowhere else (README "SIP codes").
/// </summary>
public static class FailureReasons
{
    /// <summary>How a reason is reported.</summary>
    /// <param name="Status">SIP status code and reason phrase (RFC 8224 §6.2.2).</param>
    /// <param name="Remedy">What the sender must do to fix it.</param>
    public readonly record struct Entry(SipStatus Status, string Remedy)
    {
        /// <summary>The SIP status code, e.g. 438.</summary>
        public int StatusCode => Status.Code;

        /// <summary>The SIP reason phrase for the status line and the Reason header.</summary>
        public string ReasonPhrase => Status.ReasonPhrase;

        /// <summary>The status under <see cref="ConformanceProfile.Atis"/> when it differs from <see cref="Status"/>, else null.</summary>
        public SipStatus? AtisStatus { get; init; }

        /// <summary>The status under <see cref="ConformanceProfile.Man"/> when it differs from <see cref="Status"/>, else null.</summary>
        public SipStatus? ManStatus { get; init; }

        /// <summary>The status this reason is answered with under <paramref name="profile"/> (README "Conformance profiles").</summary>
        public SipStatus StatusFor(ConformanceProfile profile) => profile switch
        {
            ConformanceProfile.Atis => AtisStatus ?? Status,
            ConformanceProfile.Man => ManStatus ?? Status,
            _ => Status,
        };
    }

    private static readonly SipStatus Use = SipStatus.UseIdentityHeader;
    private static readonly SipStatus Invalid = SipStatus.InvalidIdentityHeader;
    private static readonly SipStatus Unsupported = SipStatus.UnsupportedCredential;
    private static readonly SipStatus BadInfo = SipStatus.BadIdentityInfo;
    private static readonly SipStatus Stale = SipStatus.StaleDate;

    private static readonly Dictionary<FailureReason, Entry> Table = new()
    {
        [FailureReason.NoIdentity] = new(Use, "Sign the request with an RFC 8224 Identity header (SHAKEN PASSporT, ppt=shaken)."),
        [FailureReason.NoSupportedIdentity] = new(Use, "Add an Identity header with a supported PASSporT type (ppt=shaken); other ppt values are ignored."),
        [FailureReason.MalformedMessage] = new(Invalid, "Send a well-formed SIP request within the size limits; the identity cannot be checked on a broken message.") { ManStatus = SipStatus.BadRequest },
        [FailureReason.MalformedIdentityHeader] = new(Invalid, "Regenerate the Identity header per RFC 8224 §4: <header>.<payload>.<signature>;info=<https://...>;alg=ES256;ppt=shaken."),
        [FailureReason.LegacyIdentityUnsupported] = new(Invalid, "RFC 4474 Identity/Identity-Info was obsoleted by RFC 8224; sign with a SHAKEN PASSporT instead."),
        [FailureReason.MalformedPassport] = new(Invalid, "Regenerate the PASSporT: strict base64url segments of JSON objects without duplicate keys (RFC 8225)."),
        [FailureReason.MissingClaim] = new(Invalid, "Include every base and SHAKEN claim (orig, dest, iat, attest, origid) and header parameter (alg, typ, ppt, x5u)."),
        [FailureReason.InvalidClaim] = new(Invalid, "Fix the claim types and values: iat integer, orig.tn string, dest.tn array, attest A/B/C, origid string."),
        [FailureReason.InvalidType] = new(Invalid, "Set the JOSE header \"typ\" to \"passport\" (RFC 8225 §4.1).") { ManStatus = Unsupported },
        [FailureReason.PptMismatch] = new(Invalid, "Make the JOSE \"ppt\" equal to the Identity header's ppt parameter (RFC 8224 §4.1).") { ManStatus = BadInfo },
        [FailureReason.CompactFormNotAllowed] = new(Invalid, "Send the full form: SHAKEN claims attest and origid cannot be rebuilt from SIP (ATIS-1000074 §5.3.3)."),
        [FailureReason.X5uInfoMismatch] = new(Invalid, "Make the JOSE \"x5u\" character-for-character equal to the info parameter URI (RFC 8224 §4.1).") { AtisStatus = BadInfo, ManStatus = BadInfo },
        [FailureReason.OrigMismatch] = new(Invalid, "Sign the calling number that is actually sent in P-Asserted-Identity/From, or do not rewrite it after signing."),
        [FailureReason.DestMismatch] = new(Invalid, "Sign the called number that is actually sent in To (or add a div PASSporT when the call is retargeted)."),
        [FailureReason.InvalidSignature] = new(Invalid, "Regenerate the Identity header with a correct signature from the key of the x5u certificate; no intermediary may modify the signed header or payload after signing."),
        [FailureReason.DiversionNotLinked] = new(Invalid, "Put in \"div\" exactly one value of the previous PASSporT's \"dest\" (canonical TN, RFC 8946 §3), and forward the original Identity header with the div one."),
        [FailureReason.DiversionOrigChanged] = new(Invalid, "Copy \"orig\" unchanged from the original PASSporT into every div PASSporT (RFC 8946 §3)."),
        [FailureReason.DiversionTargetMismatch] = new(Invalid, "Put the new target (the retargeted Request-URI) in the div PASSporT's \"dest\", and do not retarget again without a new div (RFC 8946 §4.1)."),
        [FailureReason.DiversionChainTooLong] = new(Invalid, "The call was diverted more times than the verifier follows; retarget fewer times or raise VerifierOptions.MaxDiversions."),

        [FailureReason.ClaimConstraintsViolated] = new(Invalid, "Sign only claims the certificate's JWT claim constraints allow: every mustInclude claim, permitted values only, no mustExclude claim (RFC 8226 §8, RFC 9118)."),
        [FailureReason.UnsupportedAlgorithm] = new(Unsupported, "Sign with ES256 (ECDSA P-256 + SHA-256): the only algorithm SHAKEN allows."),
        [FailureReason.CertificateUntrusted] = new(Unsupported, "Use a certificate issued by an STI-CA the verifier trusts, and serve the intermediates after the leaf at x5u."),
        [FailureReason.CertificateExpired] = new(Unsupported, "Renew the signing certificate (or fix the signer's clock) and publish it at x5u."),
        [FailureReason.CertificateKeyUnsupported] = new(Unsupported, "Use an EC P-256 certificate whose key usage allows digitalSignature (ATIS-1000080)."),
        [FailureReason.CertificateTnAuthList] = new(Unsupported, "Use an STI certificate with a TNAuthList extension holding the SPC (RFC 8226, ATIS-1000080)."),
        [FailureReason.CertificateProfile] = new(Unsupported, "Use a certificate that follows the SHAKEN profile (CN 'SHAKEN <SPC>', accepted policy OID)."),
        [FailureReason.TnNotAuthorized] = new(Unsupported, "Sign only calling numbers inside the certificate's TNAuthList ranges and numbers, or use a certificate that covers this number (RFC 9060, RFC 8226 §9)."),
        [FailureReason.CertificateRevoked] = new(Unsupported, "The certificate is revoked (or its status unknown): obtain a new certificate from the STI-CA."),
        [FailureReason.InfoUrlRefused] = new(BadInfo, "Publish the certificate at an https URL on port 443 or 8443, without userinfo, query or fragment, on a public address."),
        [FailureReason.CertificateUnavailable] = new(BadInfo, "Make the certificate reachable at the info URL (HTTPS 200, PEM leaf first then intermediates, within size and time limits)."),
        [FailureReason.StaleIat] = new(Stale, "Sign immediately before sending (iat must be within the freshness window, 60 s by default), and keep the signer's clock synchronized."),
        [FailureReason.FutureIat] = new(Stale, "The iat is in the future: synchronize the signer's clock (NTP)."),
        [FailureReason.StaleDate] = new(Stale, "Send a current Date header (within the freshness window) and keep the clock synchronized."),
        [FailureReason.FutureDate] = new(Stale, "The Date header is in the future: synchronize the sender's clock (NTP)."),
        [FailureReason.LegacyIdentityInfoInvalid] = new(BadInfo, "Add Identity-Info: <https://your-domain/cert.der>;alg=rsa-sha1 next to the RFC 4474 Identity header (RFC 4474 §9), or sign with RFC 8224."),
        [FailureReason.LegacyUnsupportedAlgorithm] = new(Unsupported, "Sign with alg=rsa-sha1 (RFC 4474) or rsa-sha256; better, move to RFC 8224 (SHA-1 is weak)."),
        [FailureReason.LegacyCertificateUntrusted] = new(Unsupported, "Publish at the Identity-Info URL a domain certificate that is valid now and issued by a CA the verifier lists as a legacy trust anchor."),
        [FailureReason.LegacyCertificateKeyUnsupported] = new(Unsupported, "Use a domain certificate with an RSA key of at least 2048 bits whose key usage allows digitalSignature."),
        [FailureReason.LegacyDomainMismatch] = new(Unsupported, "Sign only requests whose From domain is in the certificate's subjectAltName dNSName (or CN), RFC 4474 §6."),
        [FailureReason.LegacyInvalidSignature] = new(Invalid, "Sign the request as sent: no hop may change From, To, Call-ID, CSeq, Date, Contact or the body after RFC 4474 signing."),
        [FailureReason.ReplayedPassport] = new(Invalid, "Sign every call anew: a PASSporT belongs to the request it was signed for and must not be copied into a request with another Call-ID (RFC 8224 §12.1)."),
        [FailureReason.InternalError] = new(SipStatus.ServerInternalError, "An internal verifier error; report it with the logged details."),

        // Conformance-profile cases (README "Conformance profiles"): the default column keeps the code these cases had
        // before they had their own reasons (438); the MAN column follows the French MAN test plan.
        [FailureReason.CallerTnUnusable] = new(Invalid, "Send the calling number as a telephone number in P-Asserted-Identity (or From): a tel URI or a SIP URI with user=phone (RFC 8224 §8.1).") { ManStatus = SipStatus.BadRequest },
        [FailureReason.MissingInfoParameter] = new(Invalid, "Add the mandatory info parameter with the certificate URL in angle brackets: ;info=<https://...> (RFC 8224 §4).") { ManStatus = BadInfo },
        [FailureReason.MissingAlgParameter] = new(Invalid, "Add ;alg=ES256 to the Identity header (RFC 8224 §4.1; the MAN profile requires it).") { ManStatus = Unsupported },
        [FailureReason.IdentityParameterRejected] = new(Invalid, "Send exactly the parameters info, alg and ppt=shaken on the Identity header, and no others (the MAN profile requires this)."),
    };

    /// <summary>Every reason except <see cref="FailureReason.None"/>.</summary>
    public static IReadOnlyCollection<FailureReason> All => Table.Keys;

    /// <summary>Looks up a reason. Throws <see cref="ArgumentOutOfRangeException"/> for <see cref="FailureReason.None"/>.</summary>
    public static Entry Get(FailureReason reason) =>
        Table.TryGetValue(reason, out var entry) ? entry : throw new ArgumentOutOfRangeException(nameof(reason), reason, "no SIP code for this reason");
}
