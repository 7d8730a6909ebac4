namespace Wharf.Registry.Migrate;

/// <summary>A copy into this database by <c>wharf migrate</c> (a row of <c>migrate_runs</c>); unfinished while
/// <paramref name="CompletedAt"/> is null.</summary>
public sealed record MigrateRun(long Id, string Source, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);
