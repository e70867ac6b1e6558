namespace StirShaken.Identity;

/// <summary>Machine-readable decode error codes for SIP messages, Identity headers and PASSporTs.</summary>
public enum ParseErrorCode
{
    /// <summary>No error: what a successful <see cref="ParseResult{T}"/> reports.</summary>
    None = 0,

    // ---- Limits (SipParserOptions) ----
    /// <summary>The message is larger than <c>SipParserOptions.MaxMessageLength</c>.</summary>
    MessageTooLarge,
    /// <summary>More header fields than <c>SipParserOptions.MaxHeaderCount</c>.</summary>
    TooManyHeaders,
    /// <summary>A header field (after unfolding) is longer than <c>SipParserOptions.MaxHeaderLength</c>.</summary>
    HeaderTooLong,
    /// <summary>A token (e.g. the PASSporT) is longer than the configured limit.</summary>
    TokenTooLong,

    // ---- SIP message (RFC 3261 §7) ----
    /// <summary>The input is empty.</summary>
    Empty,
    /// <summary>The start line is not a valid Request-Line or Status-Line.</summary>
    InvalidStartLine,
    /// <summary>A header line has no colon or an invalid field name.</summary>
    InvalidHeaderLine,
    /// <summary>A URI could not be parsed.</summary>
    InvalidUri,
    /// <summary>A name-addr / addr-spec could not be parsed.</summary>
    InvalidAddress,
    /// <summary>A Date header is not an RFC 1123 date in GMT.</summary>
    InvalidDate,
    /// <summary>A character that is not allowed at this position.</summary>
    InvalidCharacter,
    /// <summary>A URI does not identify a telephone number (RFC 8224 §8.1), or no digit is left after canonicalization (RFC 8224 §8.3).</summary>
    NotATelephoneNumber,

    // ---- Identity header (RFC 8224 §4) ----
    /// <summary>The Identity value has no <c>;</c> separating the PASSporT from its parameters.</summary>
    MissingParameters,
    /// <summary>The mandatory <c>info</c> parameter is absent.</summary>
    MissingInfo,
    /// <summary>The <c>info</c> value is not <c>&lt;absoluteURI&gt;</c>.</summary>
    InvalidInfo,
    /// <summary>A parameter appears twice.</summary>
    DuplicateParameter,
    /// <summary>A parameter is syntactically invalid (bad name, unterminated quote, empty value...).</summary>
    InvalidParameter,
    /// <summary>The signed-identity-digest contains characters outside base64url / base64 and '.'.</summary>
    InvalidTokenCharacters,
    /// <summary>The digest is not three dot-separated segments, or only one of header/payload is empty.</summary>
    WrongSegmentCount,
    /// <summary>The value is the legacy RFC 4474 form (quoted base64 signature), not RFC 8224.</summary>
    LegacyIdentity,

    // ---- PASSporT (RFC 8225) ----
    /// <summary>A segment is not strict base64url (padding, wrong alphabet, non-canonical trailing bits).</summary>
    InvalidBase64Url,
    /// <summary>A segment is not a JSON object.</summary>
    InvalidJson,
    /// <summary>A JSON object has two members with the same name.</summary>
    DuplicateJsonKey,
    /// <summary>A required header parameter or claim is absent.</summary>
    MissingClaim,
    /// <summary>A header parameter or claim has the wrong JSON type or an invalid value.</summary>
    InvalidClaim,
    /// <summary>The signature is not 64 bytes (ES256 R‖S).</summary>
    InvalidSignatureLength,

    // ---- Certificates ----
    /// <summary>The body holds no certificate (no DER certificate and no PEM <c>CERTIFICATE</c> block; ATIS-1000074 §5.3.1).</summary>
    NoCertificate,
    /// <summary>The body is neither a DER certificate nor UTF-8 text (RFC 7468 PEM).</summary>
    InvalidCertificateEncoding,
    /// <summary>A PEM <c>CERTIFICATE</c> block has no <c>-----END CERTIFICATE-----</c> line (RFC 7468 §2).</summary>
    UnterminatedPemBlock,
    /// <summary>A PEM <c>CERTIFICATE</c> block is not valid base64 (RFC 7468 §3).</summary>
    InvalidPemBase64,
    /// <summary>The bytes are not one X.509 certificate (RFC 5280 §4.1).</summary>
    InvalidCertificate,
    /// <summary>More certificates than the configured limit.</summary>
    TooManyCertificates,
    /// <summary>The TNAuthList extension value is not well-formed ASN.1 (RFC 8226 §9).</summary>
    InvalidAsn1,
    /// <summary>The TNAuthList is not a non-empty <c>SEQUENCE OF TNEntry</c> (RFC 8226 §9).</summary>
    InvalidTnAuthList,
    /// <summary>A TNEntry is not an EXPLICIT <c>[0]</c>, <c>[1]</c> or <c>[2]</c> alternative (RFC 8226 Appendix A).</summary>
    InvalidTnEntry,
    /// <summary>A ServiceProviderCode is empty or not printable IA5 (RFC 8226 §9).</summary>
    InvalidServiceProviderCode,
    /// <summary>A TelephoneNumber is not IA5String (SIZE (1..15)) (FROM ("0123456789#*")) (RFC 8226 Appendix A).</summary>
    InvalidTelephoneNumber,
    /// <summary>A TelephoneNumberRange is not <c>SEQUENCE { start, count INTEGER (2..MAX) }</c> (RFC 8226 Appendix A).</summary>
    InvalidTelephoneNumberRange,

    // ---- RFC 4474 digest-string ----
    /// <summary>A header field the RFC 4474 §9 digest-string needs (From, To, Call-ID, CSeq) is absent; position -1.</summary>
    MissingHeader,
}
