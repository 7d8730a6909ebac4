using System.ComponentModel.DataAnnotations;
using Wharf.Server.Options;

namespace Wharf.Server.Tests.Options;

/// <summary>The <c>Database</c> section: which providers start-up validation accepts, and what each needs.</summary>
public sealed class DatabaseOptionsTests
{
    [Fact]
    public void Sqlite_needs_nothing_and_postgres_needs_a_connection_string()
    {
        Assert.Empty(Errors(new DatabaseOptions()));
        Assert.Empty(Errors(new DatabaseOptions { Provider = "postgres", ConnectionString = "Host=db;Database=wharf;Username=wharf" }));

        Assert.Contains(nameof(DatabaseOptions.ConnectionString), Errors(new DatabaseOptions { Provider = "postgres" }));
        Assert.Contains(nameof(DatabaseOptions.ConnectionString), Errors(new DatabaseOptions { Provider = "postgres", ConnectionString = " " }));
        Assert.Contains(nameof(DatabaseOptions.Provider), Errors(new DatabaseOptions { Provider = "mysql" }));
    }

    [Fact]
    public void The_connection_string_is_never_in_a_validation_message()
    {
        var errors = Errors(new DatabaseOptions { Provider = "oracle", ConnectionString = "Host=db;Password=s3cret-db" });

        Assert.Contains(nameof(DatabaseOptions.Provider), errors);
        Assert.DoesNotContain(errors, e => e.Contains("s3cret-db", StringComparison.Ordinal));
    }

    private static List<string> Errors(DatabaseOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames.Append(r.ErrorMessage ?? ""))];
    }
}
