namespace Wharf.Build.State;

/// <summary>What a prune of a builder's state removes (docker's <c>builder prune</c> flags). By default the build cache,
/// cache mounts, git checkouts, advice, what nothing uses and what stopped builds left; base images too with <see cref="All"/>;
/// only what was last used longer than <see cref="Until"/> ago when that is set; and, with <see cref="KeepStorage"/>,
/// the least recently used first and only until the state is no larger than that. Leftovers of stopped builds always go.</summary>
public sealed record StatePruneOptions
{
    /// <summary>Base images too (<c>-a</c>, <c>--all</c>).</summary>
    public bool All { get; init; }

    /// <summary>Keep what was used within this long (<c>--filter until=24h</c>); null for no such limit.</summary>
    public TimeSpan? Until { get; init; }

    /// <summary>Stop once the state takes at most this many bytes (<c>--keep-storage</c>); null removes everything the
    /// other options allow.</summary>
    public long? KeepStorage { get; init; }

    /// <summary>While builds hold the state: wait for them to end (builds that start meanwhile wait behind the prune),
    /// rather than return <see cref="StatePruneResult.BuildsRunning"/> at once.</summary>
    public bool Wait { get; init; }

    /// <summary>The <c>runc</c> binary, for the containers of builds that stopped without deleting them.</summary>
    public string Runc { get; init; } = "runc";

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Only what stopped builds left behind.</summary>
    public static StatePruneOptions LeftoversOnly { get; } = new() { KeepStorage = long.MaxValue };
}
