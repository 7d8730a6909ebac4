namespace Wharf.Build.State;

/// <summary>A piece of the state a prune removes as one: a cache entry, a base image record, an advice report or a
/// cache mount (each naming the content it keeps, <see cref="Refs"/>), content nothing names, or a leftover.
/// <see cref="Size"/> is its own, without the content it names.</summary>
internal sealed record StateItem(StateKind Kind, IReadOnlyList<string> Paths, long Size, DateTimeOffset LastUse, IReadOnlyList<string> Refs);
