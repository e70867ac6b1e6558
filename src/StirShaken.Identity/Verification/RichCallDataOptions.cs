namespace StirShaken.Identity.Verification;

/// <summary>How the verifier treats Rich Call Data (RFC 9795 §8, §12.2). Immutable once handed to a verifier.</summary>
public sealed class RichCallDataOptions
{
    /// <summary>Shared default instance: no fetching, the signed <c>nam</c> presented on a display-name mismatch. Do not mutate.</summary>
    public static RichCallDataOptions Default => new();

    /// <summary>
    /// Whether icons and jCards referenced by URL are fetched (through
    /// <see cref="StirShakenVerifierDependencies.RichCallDataContent"/>) so their <c>rcdi</c> digests can be checked.
    /// Default false: RFC 9795 §8.2 advises against fetching content only to check its integrity, and fetching leaks
    /// calling patterns (§16); the element is then reported <see cref="RichCallDataElementState.NotFetched"/>.
    /// </summary>
    public bool FetchContent { get; set; }

    /// <summary>What happens when <c>nam</c> differs from the From display-name (RFC 9795 §12.2; the RFC leaves it to policy).</summary>
    public DisplayNameMismatchPolicy DisplayNameMismatch { get; set; } = DisplayNameMismatchPolicy.PresentSignedName;
}

/// <summary>Policy for a signed <c>nam</c> that differs from the unsigned From display-name (RFC 9795 §12.2).</summary>
public enum DisplayNameMismatchPolicy
{
    /// <summary>Keep the RCD; present the signed <c>nam</c> (never the unsigned From name) as verified. The default.</summary>
    PresentSignedName,

    /// <summary>Drop the RCD from the result (<see cref="VerificationResult.RichCallData"/> is null); the call's verdict is unchanged.</summary>
    Discard,
}
