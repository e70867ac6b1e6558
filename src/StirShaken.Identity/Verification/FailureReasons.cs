namespace StirShaken.Identity.Verification;

/// <summary>
/// THE table mapping each <see cref="FailureReason"/> to its SIP status code, reason phrase and a
/// remedy a human can act on. Change a code here and nowhere else (decisions: README "SIP codes").
/// </summary>
public static class FailureReasons
{
    /// <summary>How a reason is reported.</summary>
    /// <param name="StatusCode">SIP status code (RFC 8224 §6.2.2).</param>
    /// <param name="ReasonPhrase">SIP reason phrase for the status line and the Reason header.</param>
    /// <param name="Remedy">What the sender must do to fix it.</param>
    public readonly record struct Entry(int StatusCode, string ReasonPhrase, string Remedy);

    private const string Use = "Use Identity Header";
    private const string Invalid = "Invalid Identity Header";
    private const string Unsupported = "Unsupported Credential";
    private const string BadInfo = "Bad Identity Info";
    private const string Stale = "Stale Date";

    private static readonly Dictionary<FailureReason, Entry> Table = new()
    {
        [FailureReason.NoIdentity] = new(428, Use, "Sign the request with an RFC 8224 Identity header (SHAKEN PASSporT, ppt=shaken)."),
        [FailureReason.NoSupportedIdentity] = new(428, Use, "Add an Identity header with a supported PASSporT type (ppt=shaken); other ppt values are ignored."),
        [FailureReason.MalformedMessage] = new(438, Invalid, "Send a well-formed SIP request within the size limits; the identity cannot be checked on a broken message."),
        [FailureReason.MalformedIdentityHeader] = new(438, Invalid, "Regenerate the Identity header per RFC 8224 §4: <header>.<payload>.<signature>;info=<https://...>;alg=ES256;ppt=shaken."),
        [FailureReason.LegacyIdentityUnsupported] = new(438, Invalid, "RFC 4474 Identity/Identity-Info was obsoleted by RFC 8224; sign with a SHAKEN PASSporT instead."),
        [FailureReason.MalformedPassport] = new(438, Invalid, "Regenerate the PASSporT: strict base64url segments of JSON objects without duplicate keys (RFC 8225)."),
        [FailureReason.MissingClaim] = new(438, Invalid, "Include every base and SHAKEN claim (orig, dest, iat, attest, origid) and header parameter (alg, typ, ppt, x5u)."),
        [FailureReason.InvalidClaim] = new(438, Invalid, "Fix the claim types and values: iat integer, orig.tn string, dest.tn array, attest A/B/C, origid string."),
        [FailureReason.InvalidType] = new(438, Invalid, "Set the JOSE header \"typ\" to \"passport\" (RFC 8225 §4.1)."),
        [FailureReason.PptMismatch] = new(438, Invalid, "Make the JOSE \"ppt\" equal to the Identity header's ppt parameter (RFC 8224 §4.1)."),
        [FailureReason.CompactFormNotAllowed] = new(438, Invalid, "Send the full form: SHAKEN claims attest and origid cannot be rebuilt from SIP (ATIS-1000074 §5.3.3)."),
        [FailureReason.X5uInfoMismatch] = new(438, Invalid, "Make the JOSE \"x5u\" character-for-character equal to the info parameter URI (RFC 8224 §4.1)."),
        [FailureReason.OrigMismatch] = new(438, Invalid, "Sign the calling number that is actually sent in P-Asserted-Identity/From, or do not rewrite it after signing."),
        [FailureReason.DestMismatch] = new(438, Invalid, "Sign the called number that is actually sent in To (or add a div PASSporT when the call is retargeted)."),
        [FailureReason.InvalidSignature] = new(438, Invalid, "Regenerate the Identity header with a correct signature from the key of the x5u certificate; no intermediary may modify the signed header or payload after signing."),
        [FailureReason.UnsupportedAlgorithm] = new(437, Unsupported, "Sign with ES256 (ECDSA P-256 + SHA-256): the only algorithm SHAKEN allows."),
        [FailureReason.CertificateUntrusted] = new(437, Unsupported, "Use a certificate issued by an STI-CA the verifier trusts, and serve the intermediates after the leaf at x5u."),
        [FailureReason.CertificateExpired] = new(437, Unsupported, "Renew the signing certificate (or fix the signer's clock) and publish it at x5u."),
        [FailureReason.CertificateKeyUnsupported] = new(437, Unsupported, "Use an EC P-256 certificate whose key usage allows digitalSignature (ATIS-1000080)."),
        [FailureReason.CertificateTnAuthList] = new(437, Unsupported, "Use an STI certificate with a TNAuthList extension holding the SPC (RFC 8226, ATIS-1000080)."),
        [FailureReason.CertificateProfile] = new(437, Unsupported, "Use a certificate that follows the SHAKEN profile (CN 'SHAKEN <SPC>', accepted policy OID)."),
        [FailureReason.CertificateRevoked] = new(437, Unsupported, "The certificate is revoked (or its status unknown): obtain a new certificate from the STI-CA."),
        [FailureReason.InfoUrlRefused] = new(436, BadInfo, "Publish the certificate at an https URL on port 443 or 8443, without userinfo, query or fragment, on a public address."),
        [FailureReason.CertificateUnavailable] = new(436, BadInfo, "Make the certificate reachable at the info URL (HTTPS 200, PEM leaf first then intermediates, within size and time limits)."),
        [FailureReason.StaleIat] = new(403, Stale, "Sign immediately before sending (iat must be within the freshness window, 60 s by default), and keep the signer's clock synchronized."),
        [FailureReason.FutureIat] = new(403, Stale, "The iat is in the future: synchronize the signer's clock (NTP)."),
        [FailureReason.StaleDate] = new(403, Stale, "Send a current Date header (within the freshness window) and keep the clock synchronized."),
        [FailureReason.FutureDate] = new(403, Stale, "The Date header is in the future: synchronize the sender's clock (NTP)."),
        [FailureReason.InternalError] = new(500, "Server Internal Error", "An internal verifier error; report it with the logged details."),
    };

    /// <summary>Every reason except <see cref="FailureReason.None"/>.</summary>
    public static IReadOnlyCollection<FailureReason> All => Table.Keys;

    /// <summary>Looks up a reason. Throws <see cref="ArgumentOutOfRangeException"/> for <see cref="FailureReason.None"/>.</summary>
    public static Entry Get(FailureReason reason) =>
        Table.TryGetValue(reason, out var entry) ? entry : throw new ArgumentOutOfRangeException(nameof(reason), reason, "no SIP code for this reason");

    /// <summary>The reason phrase used with a status code in this table (e.g. 436 → <c>Bad Identity Info</c>).</summary>
    public static string GetReasonPhrase(int statusCode)
    {
        foreach (var entry in Table.Values)
        {
            if (entry.StatusCode == statusCode)
            {
                return entry.ReasonPhrase;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "no failure reason uses this status code");
    }

    /// <summary>
    /// Precedence when several Identity headers fail and none passes (CODES.md): 438 &gt; 437 &gt; 403 &gt; 436
    /// (436 only when no credential at all could be obtained, RFC 8224 §6.2.2); 428 and 500 last.
    /// Higher wins.
    /// </summary>
    public static int Precedence(int statusCode) => statusCode switch
    {
        438 => 5,
        437 => 4,
        403 => 3,
        436 => 2,
        428 => 1,
        _ => 0,
    };
}
