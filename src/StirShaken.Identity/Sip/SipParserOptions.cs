namespace StirShaken.Identity.Sip;

/// <summary>
/// Size limits for parsing untrusted SIP text. All limits are on by default; defaults are generous
/// for real INVITEs (which are a few KB) and small enough that hostile input is cheap to reject.
/// </summary>
public sealed class SipParserOptions
{
    /// <summary>
    /// A NEW instance with the defaults on every call (never a shared instance: a configuration binder or a
    /// configure lambda that sets a property changes only its own copy).
    /// </summary>
    public static SipParserOptions Default => new();

    /// <summary>Maximum message length in characters. Default 65,536 (64 KiB, the UDP datagram limit).</summary>
    public int MaxMessageLength { get; set; } = 65_536;

    /// <summary>Maximum number of header fields. Default 256.</summary>
    public int MaxHeaderCount { get; set; } = 256;

    /// <summary>Maximum length of one unfolded header field (name + value). Default 16,384.</summary>
    public int MaxHeaderLength { get; set; } = 16_384;

    /// <summary>Maximum length of a PASSporT token in an Identity header. Default 8,192.</summary>
    public int MaxTokenLength { get; set; } = 8_192;
}
