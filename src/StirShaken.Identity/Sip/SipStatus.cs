namespace StirShaken.Identity.Sip;

/// <summary>
/// A SIP response status: the code and its reason phrase (RFC 3261 §7.2, §21), with the STIR codes of
/// RFC 8224 §6.2.2 as named members. Plain values, so any SIP stack can use them.
/// </summary>
/// <param name="Code">The three-digit status code, 100 to 699 (e.g. 438).</param>
/// <param name="ReasonPhrase">The reason phrase for the status line and the Reason header (e.g. <c>Invalid Identity Header</c>).</param>
public readonly record struct SipStatus(int Code, string ReasonPhrase)
{
    /// <summary>180 Ringing (RFC 3261 §21.1.2): a provisional response.</summary>
    public static readonly SipStatus Ringing = new(180, "Ringing");

    /// <summary>183 Session Progress (RFC 3261 §21.1.5): a provisional response, e.g. to carry RFC 9410 Reasons while the call continues.</summary>
    public static readonly SipStatus SessionProgress = new(183, "Session Progress");

    /// <summary>200 OK (RFC 3261 §21.2.1).</summary>
    public static readonly SipStatus Ok = new(200, "OK");

    /// <summary>400 Bad Request (RFC 3261 §21.4.1): used by <c>ConformanceProfile.Man</c> for a message whose caller cannot be read.</summary>
    public static readonly SipStatus BadRequest = new(400, "Bad Request");

    /// <summary>403 Stale Date: <c>iat</c> or the Date header outside the freshness window (RFC 8224 §6.2.2).</summary>
    public static readonly SipStatus StaleDate = new(403, "Stale Date");

    /// <summary>428 Use Identity Header: an Identity header is required (RFC 8224 §6.2.2).</summary>
    public static readonly SipStatus UseIdentityHeader = new(428, "Use Identity Header");

    /// <summary>436 Bad Identity Info: the credential could not be obtained from <c>info</c> (RFC 8224 §6.2.2).</summary>
    public static readonly SipStatus BadIdentityInfo = new(436, "Bad Identity Info");

    /// <summary>437 Unsupported Credential: the credential is not acceptable (RFC 8224 §6.2.2).</summary>
    public static readonly SipStatus UnsupportedCredential = new(437, "Unsupported Credential");

    /// <summary>438 Invalid Identity Header: the header or the signature is invalid (RFC 8224 §6.2.2).</summary>
    public static readonly SipStatus InvalidIdentityHeader = new(438, "Invalid Identity Header");

    /// <summary>500 Server Internal Error (RFC 3261 §21.5.1).</summary>
    public static readonly SipStatus ServerInternalError = new(500, "Server Internal Error");

    /// <summary>
    /// Which failure is reported when several Identity headers fail and none passes (RFC 8224 §6.2.2: the most
    /// specific one; 436 only when no credential at all could be obtained): 438 &gt; 437 &gt; 403 &gt; 436 &gt; 428,
    /// every other code 0. Higher wins. This is the only place the order is written.
    /// </summary>
    public int IdentityFailurePrecedence => Code switch
    {
        438 => 5,
        437 => 4,
        403 => 3,
        436 => 2,
        428 => 1,
        _ => 0,
    };

    /// <summary>The status-line form, e.g. <c>438 Invalid Identity Header</c>.</summary>
    public override string ToString() => $"{Code} {ReasonPhrase}";
}
