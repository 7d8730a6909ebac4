using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Auth;

/// <summary>What <see cref="SqlSigningKeyStore"/> must do on every database: a key number is taken once, by one node,
/// however many try at the same moment; imports go only into an empty table; the current key is never deleted.</summary>
public abstract class SigningKeyTableContract
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, migrated database.</summary>
    protected abstract Task<SqlDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Keys_are_added_under_free_numbers_only_and_listed_in_order()
    {
        var table = new SqlSigningKeyStore(await CreateDatabaseAsync());
        Assert.Empty(await table.ListAsync(Ct));

        Assert.True(await table.TryAddAsync(Key(2), Ct));
        Assert.True(await table.TryAddAsync(Key(1), Ct));
        Assert.False(await table.TryAddAsync(Key(2) with { Kid = "other", PrivateKeyPem = "other" }, Ct));

        Assert.Equal([Key(1), Key(2)], await table.ListAsync(Ct));
    }

    [Fact]
    public async Task Nodes_adding_the_same_number_at_once_end_with_one_key()
    {
        var database = await CreateDatabaseAsync();
        for (var round = 1; round <= 10; round++)
        {
            var tables = Enumerable.Range(0, 4).Select(_ => new SqlSigningKeyStore(database)).ToList();
            using var start = new Barrier(tables.Count);

            var added = await Task.WhenAll(tables.Select((table, node) => Task.Run(async () =>
            {
                start.SignalAndWait(Ct);
                return await table.TryAddAsync(Key(round) with { Kid = $"kid-{round}-{node}" }, Ct);
            }, Ct)));

            Assert.Single(added, a => a);
            Assert.Equal(round, (await tables[0].ListAsync(Ct)).Count);
        }
    }

    [Fact]
    public async Task An_import_goes_into_an_empty_table_whole_and_only_once()
    {
        var table = new SqlSigningKeyStore(await CreateDatabaseAsync());
        using var start = new Barrier(3);

        var imported = await Task.WhenAll(Enumerable.Range(0, 3).Select(node => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            return await table.ImportAsync([Key(1) with { Kid = $"a{node}" }, Key(2) with { Kid = $"b{node}" }], Ct);
        }, Ct)));

        Assert.Single(imported, i => i);
        var keys = await table.ListAsync(Ct);
        Assert.Equal([1L, 2L], keys.Select(k => k.Sequence));
        Assert.Single(keys.Select(k => k.Kid[1..]).Distinct()); // both keys from the one import that won
        Assert.False(await table.ImportAsync([Key(3)], Ct));
    }

    [Fact]
    public async Task Retired_keys_are_deleted_and_the_current_one_never()
    {
        var table = new SqlSigningKeyStore(await CreateDatabaseAsync());
        await table.TryAddAsync(Key(1), Ct);
        await table.TryAddAsync(Key(2), Ct);

        Assert.False(await table.DeleteAsync(2, Ct));
        Assert.True(await table.DeleteAsync(1, Ct));
        Assert.False(await table.DeleteAsync(1, Ct));
        Assert.Equal([Key(2)], await table.ListAsync(Ct));
    }

    [Fact]
    public void A_key_record_never_prints_its_private_key()
    {
        Assert.DoesNotContain("PRIVATE", Key(1).ToString(), StringComparison.Ordinal);
        Assert.Contains("kid-1", Key(1).ToString(), StringComparison.Ordinal);
    }

    private static StoredSigningKey Key(long sequence) =>
        new(sequence, $"kid-{sequence}", $"-----BEGIN PRIVATE KEY-----\n{sequence}\n-----END PRIVATE KEY-----\n", Start.AddDays(sequence));
}
