namespace Wharf.Registry.Storage;

/// <summary>A byte range of one staged part: <paramref name="Length"/> bytes from <paramref name="From"/>.</summary>
internal sealed record PartRange(string PartId, long From, long Length);
