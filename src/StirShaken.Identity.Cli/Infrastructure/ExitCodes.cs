namespace StirShaken.Identity.Cli;

/// <summary>The process exit codes (README contract).</summary>
internal static class ExitCodes
{
    /// <summary>Verified (or the command succeeded).</summary>
    public const int Ok = 0;

    /// <summary>Verification failed: a SIP failure response was produced.</summary>
    public const int Failed = 1;

    /// <summary>Usage or I/O error.</summary>
    public const int Usage = 2;
}
