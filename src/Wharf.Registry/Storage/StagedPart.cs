namespace Wharf.Registry.Storage;

/// <summary>One staged part of an upload: bytes the blob store wrote once, under a name of its own choosing, and
/// never changes. An upload's content is the concatenation of the parts its session records, in order (decision 009).</summary>
/// <param name="Id">The part's name within its upload (32 lowercase hex, like an upload id).</param>
/// <param name="Length">How many bytes the part holds.</param>
public sealed record StagedPart(string Id, long Length);
