namespace Wharf.Registry.Storage;

/// <summary>An upload that has staged bytes in the blob store, as the purger sees it.</summary>
/// <param name="UploadId">The upload id the staging is kept under.</param>
/// <param name="LastWrittenAt">When any of its staged bytes was last written.</param>
public sealed record StagedUpload(string UploadId, DateTimeOffset LastWrittenAt);
