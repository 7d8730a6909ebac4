using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>Storage</c>: where blobs (and, on the embedded default, the SQLite database) live.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The data directory: <c>blobs/</c>, <c>uploads/</c> (filesystem backend) and <c>wharf.db</c> sit under it.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The blob backend: <c>filesystem</c> (the default), or <c>memory</c> (gone at exit: tests, throwaway servers).</summary>
    [Required]
    [AllowedValues("filesystem", "memory")]
    public string Backend { get; set; } = "filesystem";
}
