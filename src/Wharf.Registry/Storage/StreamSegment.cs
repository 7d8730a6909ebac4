namespace Wharf.Registry.Storage;

/// <summary>A run of bytes <see cref="ConcatenatedStream"/> reads: how to open it, and exactly how long it is.</summary>
/// <param name="Open">Opens the segment's bytes, positioned at its start.</param>
/// <param name="Length">How many bytes it must yield; fewer is an error, more are not read.</param>
internal sealed record StreamSegment(Func<CancellationToken, Task<Stream>> Open, long Length);
