namespace Wharf.Server.Tests.Client;

/// <summary>A clock the test moves by hand (token lifetimes), otherwise the system's timers.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
