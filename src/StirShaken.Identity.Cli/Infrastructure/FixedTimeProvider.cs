namespace StirShaken.Identity.Cli;

/// <summary>A clock stopped at one instant: <c>--at</c> (verifying recorded traffic) and <c>--iat</c>.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
