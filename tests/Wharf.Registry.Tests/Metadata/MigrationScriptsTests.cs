using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

public sealed class MigrationScriptsTests
{
    [Fact]
    public void Both_dialects_have_one_script_of_every_number()
    {
        // A version means the same schema on SQLite and PostgreSQL: a change lands as NNN-*.sql in both folders.
        var sqlite = MigrationScripts.Versions(SqlDialect.Sqlite);

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite.Distinct(), sqlite);
        Assert.Equal(sqlite, MigrationScripts.Versions(SqlDialect.Postgres));
    }
}
