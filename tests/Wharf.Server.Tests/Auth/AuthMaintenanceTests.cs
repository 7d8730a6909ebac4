using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Server.Maintenance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Auth;

/// <summary>The hourly auth upkeep (key rotation on schedule, stale throttle counters forgotten) and
/// <c>wharf keys rotate</c>: a rotation logs nobody out.</summary>
public sealed class AuthMaintenanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_key_rotates_once_it_is_older_than_the_interval_and_earlier_tokens_stay_valid()
    {
        await using var setup = await TokenSetup.CreateAsync();
        var accounts = new SqlAccountStore(SqlDatabase.Sqlite(Path.Combine(setup.Directory, "wharf.db")), setup.Clock);
        setup.Options.KeyRotationInterval = TimeSpan.FromDays(30);
        var service = new AuthMaintenanceService(setup.Store, accounts, Microsoft.Extensions.Options.Options.Create(setup.Options), setup.Clock, NullLogger<AuthMaintenanceService>.Instance);
        var first = await setup.Store.CurrentKidAsync(Ct);
        await accounts.UpdateLoginFailuresAsync("account:alice", _ => new LoginFailures(1, setup.Clock.GetUtcNow(), 0, null), Ct);

        setup.Clock.Advance(TimeSpan.FromDays(29));
        await service.MaintainAsync(Ct);
        Assert.Equal(first, await setup.Store.CurrentKidAsync(Ct));
        Assert.Empty(await accounts.FindLoginFailuresAsync(["account:alice"], Ct)); // a day untouched: forgotten

        setup.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(2));
        var signedBefore = (await setup.Issuer.IssueAsync("alice", TokenSetup.Service, [], Ct)).Token;
        setup.Clock.Advance(TimeSpan.FromMinutes(2));
        await service.MaintainAsync(Ct);

        Assert.NotEqual(first, await setup.Store.CurrentKidAsync(Ct));
        Assert.NotNull(await setup.Validator.ValidateAsync(signedBefore, TokenSetup.Service, Ct));
        setup.Clock.Advance(TimeSpan.FromMinutes(1));
        await service.MaintainAsync(Ct);
        await setup.AssertKeysAsync(1, 2); // one rotation, not one per round

        await accounts.AppendAuditAsync("alice", AuditActions.Pull, "alice/app", null, null, Ct);
        setup.Options.AuditRetention = TimeSpan.FromDays(1);
        setup.Clock.Advance(TimeSpan.FromHours(23));
        await service.MaintainAsync(Ct);
        Assert.Single(await accounts.ListAuditAsync(new AuditQuery(), Ct));
        setup.Clock.Advance(TimeSpan.FromHours(2));
        await service.MaintainAsync(Ct);
        Assert.Empty(await accounts.ListAuditAsync(new AuditQuery(), Ct));
    }

    [Fact]
    public async Task Nodes_on_one_schedule_rotate_once_between_them()
    {
        await using var setup = await TokenSetup.CreateAsync();
        var nodes = Enumerable.Range(0, 3).Select(_ => setup.NewStore()).ToList();
        await setup.Store.CurrentKidAsync(Ct);
        setup.Clock.Advance(TimeSpan.FromDays(31));
        using var start = new Barrier(nodes.Count);

        var rotated = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            return await node.RotateIfOlderThanAsync(TimeSpan.FromDays(30), Ct);
        }, Ct)));

        Assert.Single(rotated, kid => kid is not null);
        await setup.AssertKeysAsync(1, 2);
        nodes.ForEach(n => n.Dispose());
    }

    [Fact]
    public async Task Wharf_keys_rotate_makes_a_new_key_current_in_the_database()
    {
        var data = Directory.CreateTempSubdirectory("wharf-keys-cli-").FullName;
        try
        {
            var first = (await WharfCli.RunAsync(["keys", "rotate", "--data-dir", data], ct: Ct)).EnsureSuccess();
            var second = (await WharfCli.RunAsync(["keys", "rotate", "--data-dir", data], ct: Ct)).EnsureSuccess();
            var bad = await WharfCli.RunAsync(["keys", "rotate", "--data-dir", data, "--no-such-flag"], ct: Ct);

            Assert.StartsWith("signing key ", first.StandardOutput, StringComparison.Ordinal);
            var keys = await new SqlSigningKeyStore(SqlDatabase.Sqlite(Path.Combine(data, "wharf.db"))).ListAsync(Ct);
            Assert.Equal([1L, 2, 3], keys.Select(k => k.Sequence)); // the first key, then two rotations
            Assert.False(Directory.Exists(Path.Combine(data, "keys")));
            Assert.NotEqual(first.StandardOutput, second.StandardOutput);
            Assert.Equal(1, bad.ExitCode);
            Assert.Single(bad.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
