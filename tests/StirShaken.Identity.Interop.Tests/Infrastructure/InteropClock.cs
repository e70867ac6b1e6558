namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>A clock stopped at one Unix second.</summary>
internal sealed class InteropClock(long unixSeconds) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
