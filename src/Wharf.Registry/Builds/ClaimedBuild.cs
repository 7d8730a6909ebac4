namespace Wharf.Registry.Builds;

/// <summary>A build a worker has just claimed, with the sequence number its first log line takes (a build queued again
/// after its worker died continues the log it had).</summary>
public sealed record ClaimedBuild(BuildRecord Build, long NextLogSequence);
