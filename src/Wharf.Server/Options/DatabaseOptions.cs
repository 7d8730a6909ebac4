using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>Database</c>: the metadata store.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (the default, <c>wharf.db</c> in the data directory).</summary>
    [Required]
    [AllowedValues("sqlite")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite, a file path; empty means <c>&lt;DataDirectory&gt;/wharf.db</c>.</summary>
    public string? ConnectionString { get; set; }
}
