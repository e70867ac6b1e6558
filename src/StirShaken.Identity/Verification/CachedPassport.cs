using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Verification;

/// <summary>
/// One entry of the <see cref="PassportVerificationCache"/>: the local examination of a header value (decoded header and
/// PASSporT, rules of its type) and the request-independent verdict of a PASSporT that verified, with the chain it
/// verified against (re-checked for validity and revocation on every use) and the entry's lifetime.
/// </summary>
internal sealed class CachedPassport(ExaminedPassport examined, PassportVerification verification, CertificateChain chain, DateTimeOffset createdAt, DateTimeOffset expiresAt, long bytes)
{
    public ExaminedPassport Examined { get; } = examined;

    public PassportVerification Verification { get; } = verification;

    public CertificateChain Chain { get; } = chain;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public long Bytes { get; } = bytes;

    private object? _replayKey; // a boxed UInt128: a reference is published atomically, a 16-byte struct could tear between threads

    /// <summary>The replay key of the PASSporT (<see cref="ReplayDetector.PassportKey"/>), computed on first use.</summary>
    public UInt128 ReplayKey
    {
        get
        {
            if (Volatile.Read(ref _replayKey) is not UInt128 key)
            {
                key = ReplayDetector.PassportKey(Examined.Passport!);
                Volatile.Write(ref _replayKey, key);
            }

            return key;
        }
    }
}
