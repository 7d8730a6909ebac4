using Wharf.Registry.Metadata;

namespace Wharf.Server.Tests.Auth;

public sealed class SqliteSigningKeyStoreTests : SigningKeyStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-keys-db-").FullName;
    private int _databases;

    protected override Task<SqlDatabase> CreateDatabaseAsync() =>
        Task.FromResult(SqlDatabase.Sqlite(Path.Combine(_directory, $"wharf-{++_databases}.db")));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
