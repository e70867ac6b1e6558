namespace StirShaken.Identity.Verification;

/// <summary>The 3GPP TS 24.229 §7.2A.20 <c>verstat</c> values a terminating network adds to PAI/From.</summary>
public static class Verstat
{
    /// <summary>A PASSporT verified.</summary>
    public const string Passed = "TN-Validation-Passed";

    /// <summary>An Identity header was present but did not verify.</summary>
    public const string Failed = "TN-Validation-Failed";

    /// <summary>No verification was done (no Identity header, or none with a supported ppt).</summary>
    public const string NoValidation = "No-TN-Validation";
}
