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
        using var setup = new TokenSetup();
        var database = Path.Combine(setup.Directory, "..", $"wharf-maint-{Guid.NewGuid():N}.db");
        try
        {
            var accounts = new SqlAccountStore(SqlDatabase.Sqlite(database), setup.Clock);
            await accounts.MigrateAsync(Ct);
            setup.Options.KeyRotationInterval = TimeSpan.FromDays(30);
            var service = new AuthMaintenanceService(setup.Store, accounts, Microsoft.Extensions.Options.Options.Create(setup.Options), setup.Clock, NullLogger<AuthMaintenanceService>.Instance);
            var first = setup.Store.CurrentKid;
            await accounts.UpdateLoginFailuresAsync("account:alice", _ => new LoginFailures(1, setup.Clock.GetUtcNow(), 0, null), Ct);

            setup.Clock.Advance(TimeSpan.FromDays(29));
            await service.MaintainAsync(Ct);
            Assert.Equal(first, setup.Store.CurrentKid);
            Assert.Empty(await accounts.FindLoginFailuresAsync(["account:alice"], Ct)); // a day untouched: forgotten

            setup.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(2));
            var signedBefore = setup.Issuer.Issue("alice", TokenSetup.Service, []).Token;
            setup.Clock.Advance(TimeSpan.FromMinutes(2));
            await service.MaintainAsync(Ct);

            Assert.NotEqual(first, setup.Store.CurrentKid);
            Assert.NotNull(setup.Validator.Validate(signedBefore, TokenSetup.Service));
            setup.Clock.Advance(TimeSpan.FromMinutes(1));
            await service.MaintainAsync(Ct);
            Assert.Equal(2, setup.KeyFiles().Length); // one rotation, not one per round

            await accounts.AppendAuditAsync("alice", AuditActions.Pull, "alice/app", null, null, Ct);
            setup.Options.AuditRetention = TimeSpan.FromDays(1);
            setup.Clock.Advance(TimeSpan.FromHours(23));
            await service.MaintainAsync(Ct);
            Assert.Single(await accounts.ListAuditAsync(new AuditQuery(), Ct));
            setup.Clock.Advance(TimeSpan.FromHours(2));
            await service.MaintainAsync(Ct);
            Assert.Empty(await accounts.ListAuditAsync(new AuditQuery(), Ct));
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Wharf_keys_rotate_makes_a_new_key_current_in_the_data_directory()
    {
        var data = Directory.CreateTempSubdirectory("wharf-keys-cli-").FullName;
        try
        {
            var first = (await WharfCli.RunAsync(["keys", "rotate", "--data-dir", data], ct: Ct)).EnsureSuccess();
            var second = (await WharfCli.RunAsync(["keys", "rotate", "--data-dir", data], ct: Ct)).EnsureSuccess();
            var bad = await WharfCli.RunAsync(["keys", "rotate", "--data-dir", data, "--no-such-flag"], ct: Ct);

            Assert.StartsWith("signing key ", first.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(3, Directory.GetFiles(Path.Combine(data, "keys")).Length); // the first key, then two rotations
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
