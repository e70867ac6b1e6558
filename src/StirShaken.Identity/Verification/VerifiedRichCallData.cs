using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The Rich Call Data of a verified call (RFC 9795 §8): the signed name, number, icon, jCard and call reason, the
/// PASSporT that carried them, the state of each element (by JSON pointer relative to <c>rcd</c>), and the
/// display-name check. Present on <see cref="VerificationResult.RichCallData"/> only when the call passed.
/// </summary>
public sealed class VerifiedRichCallData
{
    internal VerifiedRichCallData(RichCallDataClaims claims, PassportToken passport, string ppt, JCard? jcard, IReadOnlyList<RichCallDataElement> elements, DisplayNameCheck displayName, string? fromDisplayName)
    {
        Claims = claims;
        Passport = passport;
        Ppt = ppt;
        JCard = jcard;
        Elements = elements;
        DisplayName = displayName;
        FromDisplayName = fromDisplayName;
        Unverified = [.. elements.Where(static e => e.State != RichCallDataElementState.Verified).Select(static e => e.Pointer)];
    }

    /// <summary>The RCD claims as signed.</summary>
    public RichCallDataClaims Claims { get; }

    /// <summary><c>nam</c> (signed, possibly empty), or null when the PASSporT carries only <c>crn</c>.</summary>
    public string? Name => Claims.Rcd?.Name;

    /// <summary><c>apn</c>, or null.</summary>
    public string? AlternatePresentationNumber => Claims.Rcd?.AlternatePresentationNumber;

    /// <summary><c>icn</c>, or null.</summary>
    public string? Icon => Claims.Rcd?.Icon;

    /// <summary>The jCard: <c>jcd</c>, or the fetched <c>jcl</c> document when fetching is on; null otherwise.</summary>
    public JCard? JCard { get; }

    /// <summary><c>jcl</c>, or null.</summary>
    public string? JCardUrl => Claims.Rcd?.JCardUrl;

    /// <summary><c>crn</c>, or null.</summary>
    public string? CallReason => Claims.CallReason;

    /// <summary>The PASSporT that carried the RCD (the SHAKEN PASSporT, or a separate <c>rcd</c> PASSporT).</summary>
    public PassportToken Passport { get; }

    /// <summary>The <c>ppt</c> of <see cref="Passport"/>: <c>shaken</c> or <c>rcd</c>.</summary>
    public string Ppt { get; }

    /// <summary>Whether the RCD comes from a third party (<c>iss</c> present, RFC 9795 §10).</summary>
    public bool IsThirdParty => Claims.Issuer is not null;

    /// <summary>Every element carried (<c>/nam</c>, <c>/icn</c>, <c>/jcd/1/3/3</c>...) and every <c>rcdi</c> entry, with its state.</summary>
    public IReadOnlyList<RichCallDataElement> Elements { get; }

    /// <summary>The pointers of <see cref="Elements"/> that are not <see cref="RichCallDataElementState.Verified"/>.</summary>
    public IReadOnlyList<string> Unverified { get; }

    /// <summary>
    /// True when every element is covered by the valid signature and every <c>rcdi</c> digest that is present or
    /// required (RFC 9795 §6.1) checked out. With fetching off, a digest over URL content is not checked, so false.
    /// </summary>
    public bool IsSuccess => Unverified.Count == 0;

    /// <summary>How <c>nam</c> compares with the From display-name (RFC 9795 §12.2).</summary>
    public DisplayNameCheck DisplayName { get; }

    /// <summary>The From display-name as received (unsigned), or null.</summary>
    public string? FromDisplayName { get; }

    /// <summary>The state of one element, by its pointer; null when not carried.</summary>
    public RichCallDataElement? this[string pointer] => Elements.FirstOrDefault(e => e.Pointer == pointer);
}

/// <summary>One RCD element and what the verifier established about it (RFC 9795 §8.2).</summary>
/// <param name="Pointer">JSON pointer relative to <c>rcd</c> (RFC 9795 §6), e.g. <c>/icn</c>; or an <c>rcdi</c> key as received.</param>
/// <param name="State">Verified, or why not.</param>
/// <param name="Uri">The URL whose content the element refers to, or null for inline values.</param>
/// <param name="Digest">The <c>rcdi</c> value for the element, or null.</param>
/// <param name="Detail">A human-readable explanation when not verified.</param>
public sealed record RichCallDataElement(string Pointer, RichCallDataElementState State, string? Uri, string? Digest, string? Detail);

/// <summary>What is known about one RCD element (RFC 9795 §8.2). Only <see cref="Verified"/> may be presented as verified.</summary>
public enum RichCallDataElementState
{
    /// <summary>Covered by the valid signature, and its digest (if any, or required) matched.</summary>
    Verified,

    /// <summary>The digest does not match the value or content (RFC 9795 §8.2: treat as a failure of that content).</summary>
    DigestMismatch,

    /// <summary>URL content without the <c>rcdi</c> entry RFC 9795 §6.1 requires: the signature covers the URL, not the content.</summary>
    DigestMissing,

    /// <summary>The <c>rcdi</c> value is malformed or names an unsupported algorithm, or its key is not a JSON pointer.</summary>
    DigestInvalid,

    /// <summary>The <c>rcdi</c> pointer does not resolve inside <c>rcd</c>.</summary>
    PointerNotFound,

    /// <summary>URL content not fetched (<see cref="RichCallDataOptions.FetchContent"/> off), so its digest was not checked.</summary>
    NotFetched,

    /// <summary>The content could not be fetched or was refused (size, type, nested URI) (RFC 9795 §8.2).</summary>
    FetchFailed,
}

/// <summary>How the signed <c>nam</c> compares with the From display-name (RFC 9795 §12.2).</summary>
public enum DisplayNameCheck
{
    /// <summary>No <c>nam</c> to compare (the PASSporT carries only <c>crn</c>).</summary>
    NotApplicable,

    /// <summary>
    /// <c>nam</c> equals the From display-name: the quoted-string unquoted with its quoted-pairs resolved (a token-form
    /// name with each run of whitespace as one space; RFC 3261 §25.1, §7.3.1), compared code point by code point after
    /// Unicode NFC on both sides.
    /// </summary>
    Match,

    /// <summary><c>nam</c> differs from the From display-name.</summary>
    Mismatch,

    /// <summary>From has no display-name.</summary>
    NoDisplayName,
}
