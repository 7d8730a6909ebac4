using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>Database</c>: the metadata store (decision 008).</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (the default, <c>wharf.db</c> in the data directory: one node) or <c>postgres</c> (any
    /// number of nodes on one database).</summary>
    [Required]
    [AllowedValues("sqlite", "postgres")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite, a file path; empty means <c>&lt;DataDirectory&gt;/wharf.db</c>. For PostgreSQL, an Npgsql
    /// connection string (required): <c>Host=db;Database=wharf;Username=wharf;Password=…</c>. A secret when it holds a
    /// password: never logged, never echoed in a validation message.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == "postgres" && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Database:ConnectionString is required with Database:Provider=postgres (an Npgsql connection string: Host=…;Database=…;Username=…;Password=…)",
                [nameof(ConnectionString)]);
        }
    }
}
