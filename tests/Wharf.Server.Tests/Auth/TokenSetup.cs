using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Server.Auth;
using Wharf.Server.Options;
using Wharf.Server.Tests.Client;

namespace Wharf.Server.Tests.Auth;

/// <summary>A database of its own (a SQLite file in a temporary directory, unless given one), a hand-moved clock, and
/// the key store, issuer and validator over them.</summary>
internal sealed class TokenSetup : IAsyncDisposable
{
    public const string Service = "registry.test";

    private TokenSetup(string directory, SqlDatabase database)
    {
        Directory = directory;
        Table = new SqlSigningKeyStore(database);
        Store = NewStore();
        Issuer = new TokenIssuer(Store, Clock, Options);
        Validator = new TokenValidator(Store, Clock, Options);
    }

    /// <summary>A temporary directory of the test's own: the SQLite file, key files to import.</summary>
    public string Directory { get; }

    public SqlSigningKeyStore Table { get; }

    public ManualClock Clock { get; } = new();

    public AuthOptions Options { get; } = new() { Service = Service, Issuer = "wharf-test", TokenLifetime = TimeSpan.FromMinutes(5) };

    public SigningKeyStore Store { get; }

    public TokenIssuer Issuer { get; }

    public TokenValidator Validator { get; }

    /// <param name="database">A database to keep the keys in (migrated here); a new SQLite file when null.</param>
    public static async Task<TokenSetup> CreateAsync(SqlDatabase? database = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("wharf-keys-").FullName;
        database ??= SqlDatabase.Sqlite(Path.Combine(directory, "wharf.db"));
        await SchemaMigrator.MigrateAsync(database, TestContext.Current.CancellationToken);
        return new TokenSetup(directory, database);
    }

    /// <summary>Another store on the same database and clock: what a second node sees.</summary>
    public SigningKeyStore NewStore(string? legacyKeysDirectory = null) =>
        new(Table, legacyKeysDirectory, Options.TokenLifetime, Clock, NullLogger<SigningKeyStore>.Instance);

    /// <summary>The sequence numbers of the keys in the database.</summary>
    public async Task<long[]> KeySequencesAsync() => [.. (await Table.ListAsync(TestContext.Current.CancellationToken)).Select(k => k.Sequence)];

    /// <summary>Asserts which keys the database holds, by sequence number.</summary>
    public async Task AssertKeysAsync(params long[] sequences) => Assert.Equal(sequences, await KeySequencesAsync());

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
