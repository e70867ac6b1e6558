namespace StirShaken.Identity.Sip;

/// <summary>One header field line of a SIP message, after unfolding (RFC 3261 §7.3.1).</summary>
/// <param name="Name">The field name exactly as written (may be a compact form such as <c>y</c> or <c>f</c>).</param>
/// <param name="Value">The field value, unfolded, with leading and trailing whitespace removed.</param>
public sealed record SipHeaderField(string Name, string Value)
{
    /// <summary>The canonical long name (e.g. <c>Identity</c> for <c>y</c>), used for comparisons.</summary>
    public string CanonicalName => SipHeaderNames.ToCanonical(Name);
}
