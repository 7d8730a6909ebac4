using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Auth;

public sealed class CredentialValidatorTests
{
    private const string Password = "alice's password";
    private const string Here = "192.0.2.1";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_right_password_logs_in_and_is_audited_without_the_secret()
    {
        var (store, validator) = await SetUpAsync();

        var result = await validator.ValidateAsync("alice", Password, Here, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(("alice", AccountKind.User, null), (result.Principal.Name, result.Principal.Kind, result.Principal.TokenScope));
        var audited = Assert.Single(await store.ListAuditAsync(new AuditQuery(), Ct));
        Assert.Equal(("alice", AuditActions.Login, "alice", "password", Here), (audited.Actor, audited.Action, audited.Target, audited.Detail, audited.ClientAddress));
    }

    [Fact]
    public async Task A_call_that_authenticates_without_logging_in_audits_only_its_failures()
    {
        var (store, validator) = await SetUpAsync();

        Assert.True((await validator.ValidateAsync("alice", Password, Here, auditSuccess: false, Ct)).Succeeded);
        Assert.False((await validator.ValidateAsync("alice", "guess", Here, auditSuccess: false, Ct)).Succeeded);

        var audited = Assert.Single(await store.ListAuditAsync(new AuditQuery(), Ct));
        Assert.Equal(AuditActions.LoginFailed, audited.Action);
    }

    [Fact]
    public async Task A_burst_of_parallel_guesses_gets_no_more_tries_than_sequential_ones()
    {
        var (store, validator) = await SetUpAsync();
        var limit = new CredentialOptions().MaxFailures;

        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => validator.ValidateAsync("alice", $"guess {i}", $"192.0.2.{i + 1}", Ct), Ct)));
        var rightOnesInParallel = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => Validator(store).ValidateAsync("alice", Password, "198.51.100.1", Ct), Ct)));

        Assert.Equal(limit, guesses.Count(g => g.Outcome == LoginOutcome.Invalid)); // each checked against the count so far
        Assert.Equal(20 - limit, guesses.Count(g => g.Outcome == LoginOutcome.Throttled));
        Assert.All(rightOnesInParallel, r => Assert.Equal(LoginOutcome.Throttled, r.Outcome)); // the account is blocked for now
        _time.Advance(new CredentialOptions().FirstBlock);
        var afterBlock = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => validator.ValidateAsync("alice", Password, "198.51.100.1", Ct), Ct)));
        Assert.All(afterBlock, r => Assert.True(r.Succeeded));
    }

    [Fact]
    public async Task Clients_of_one_account_with_known_right_credentials_are_not_served_one_at_a_time()
    {
        var (store, _) = await SetUpAsync();
        var pat = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "ci", TokenScope.Read, null, Ct);
        var meeting = MeetingAccountStore.Wrap(store);
        var validator = Validator(meeting.Store);
        Assert.True((await validator.ValidateAsync("alice", Password, Here, Ct)).Succeeded); // hashed once: now known here

        // A CI fleet pulling with one account's credentials: all four are inside the account lookup at the same time.
        meeting.Arm(4);
        var logins = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => validator.ValidateAsync("alice", i % 2 == 0 ? Password : pat.Secret!, Here, Ct), Ct)));

        Assert.All(logins, login => Assert.True(login.Succeeded));
        Assert.True(meeting.Met, "logins with known right credentials waited for one another");
    }

    [Fact]
    public async Task The_same_wrong_secret_sent_again_at_once_is_one_guess_not_two()
    {
        var (_, validator) = await SetUpAsync();
        var limit = new CredentialOptions().MaxFailures;

        // containerd sends a wrong password twice (the OAuth2 POST, then the GET): that must not spend two tries.
        for (var guess = 0; guess < limit - 1; guess++)
        {
            Assert.Equal(LoginOutcome.Invalid, (await validator.ValidateAsync("alice", $"guess {guess}", Here, Ct)).Outcome);
            Assert.Equal(LoginOutcome.Invalid, (await validator.ValidateAsync("alice", $"guess {guess}", Here, Ct)).Outcome);
        }

        Assert.True((await validator.ValidateAsync("alice", Password, Here, Ct)).Succeeded);
        _time.Advance(RecentLogins.FailureLifetime);
        Assert.Equal(LoginOutcome.Invalid, (await validator.ValidateAsync("alice", "guess 0", Here, Ct)).Outcome); // counted again: it is a new try
        Assert.Equal(LoginOutcome.Throttled, (await validator.ValidateAsync("alice", Password, Here, Ct)).Outcome);
    }

    [Fact]
    public async Task A_recently_verified_password_stops_working_when_it_is_changed_or_the_account_disabled()
    {
        var (store, validator) = await SetUpAsync();
        var other = Validator(store); // another node: its own memory, the same database

        Assert.True((await validator.ValidateAsync("alice", Password, Here, Ct)).Succeeded);
        Assert.True((await validator.ValidateAsync("alice", Password, Here, Ct)).Succeeded); // remembered
        await store.SetPasswordAsync("alice", "a new password", Ct); // as if changed on the other node
        Assert.Equal(LoginOutcome.Invalid, (await validator.ValidateAsync("alice", Password, Here, Ct)).Outcome);
        Assert.True((await validator.ValidateAsync("alice", "a new password", Here, Ct)).Succeeded);
        Assert.True((await other.ValidateAsync("alice", "a new password", Here, Ct)).Succeeded);

        await store.SetDisabledAsync("alice", true, Ct);
        Assert.Equal(LoginOutcome.Invalid, (await validator.ValidateAsync("alice", "a new password", Here, Ct)).Outcome);
        await store.SetDisabledAsync("alice", false, Ct);
        _time.Advance(RecentLogins.VerifiedLifetime);
        Assert.True((await validator.ValidateAsync("alice", "a new password", Here, Ct)).Succeeded); // hashed again
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_are_the_same_answer()
    {
        var (store, validator) = await SetUpAsync();

        var wrongPassword = await validator.ValidateAsync("alice", "guess", Here, Ct);
        var unknownUser = await validator.ValidateAsync("mallory", Password, Here, Ct);
        var nonsenseUser = await validator.ValidateAsync("Not A Name", Password, "", Ct);

        Assert.Same(LoginResult.Invalid, wrongPassword);
        Assert.Same(LoginResult.Invalid, unknownUser);
        Assert.Same(LoginResult.Invalid, nonsenseUser);
        var audited = await store.ListAuditAsync(new AuditQuery(Action: AuditActions.LoginFailed), Ct);
        Assert.Equal(["", "mallory", "alice"], audited.Select(a => a.Target));
        Assert.All(audited, a => Assert.DoesNotContain("guess", a.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_personal_access_token_logs_in_capped_to_its_scope()
    {
        var (store, validator) = await SetUpAsync();
        var pat = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "ci", TokenScope.Read, null, Ct);

        var result = await validator.ValidateAsync("alice", pat.Secret!, Here, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(TokenScope.Read, result.Principal.TokenScope);
        Assert.Equal(RepositoryAction.Pull, new AccessPolicy(anonymousPull: true).Decide(result.Principal, "alice/app", isPublic: false));
        Assert.Equal($"personal access token {pat.Token!.Id}", (await store.ListAuditAsync(new AuditQuery(), Ct))[0].Detail);
        Assert.Equal(_time.GetUtcNow(), (await store.ListAccessTokensAsync("alice", Ct)).Single().LastUsedAt);
    }

    [Fact]
    public async Task Revoked_expired_and_other_accounts_tokens_are_refused()
    {
        var (store, validator) = await SetUpAsync();
        await store.CreateUserAsync("bob", null, Ct);
        var revoked = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "old", TokenScope.Delete, null, Ct);
        var expiring = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "day", TokenScope.Delete, _time.GetUtcNow().AddDays(1), Ct);
        var bobs = await store.CreateAccessTokenAsync("bob", AccessTokenKind.PersonalAccessToken, "bob", TokenScope.Delete, null, Ct);
        var refresh = await store.CreateAccessTokenAsync("alice", AccessTokenKind.RefreshToken, "refresh", null, null, Ct);
        await store.RevokeAccessTokenAsync("alice", revoked.Token!.Id, Ct);

        Assert.Same(LoginResult.Invalid, await validator.ValidateAsync("alice", revoked.Secret!, "192.0.2.10", Ct));
        Assert.Same(LoginResult.Invalid, await validator.ValidateAsync("alice", bobs.Secret!, "192.0.2.11", Ct));
        Assert.Same(LoginResult.Invalid, await validator.ValidateAsync("alice", refresh.Secret!, "192.0.2.12", Ct));
        Assert.True((await validator.ValidateAsync("alice", expiring.Secret!, "192.0.2.13", Ct)).Succeeded);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Same(LoginResult.Invalid, await validator.ValidateAsync("alice", expiring.Secret!, "192.0.2.14", Ct));
    }

    [Fact]
    public async Task A_robot_logs_in_with_its_secret_only()
    {
        var (store, validator) = await SetUpAsync();
        await store.CreateOrganisationAsync("acme", null, Ct);
        var ci = await store.CreateRobotAsync("acme", "ci", Ct);
        await store.CreateRobotAsync("acme", "deploy", Ct);

        var result = await validator.ValidateAsync("acme+ci", ci.Secret!, Here, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal((AccountKind.Robot, null), (result.Principal.Kind, result.Principal.TokenScope));
        Assert.Same(LoginResult.Invalid, await validator.ValidateAsync("acme+deploy", ci.Secret!, Here, Ct));
        Assert.Same(LoginResult.Invalid, await validator.ValidateAsync("acme+ci", "password", Here, Ct));
    }

    [Fact]
    public async Task A_disabled_user_cannot_log_in()
    {
        var (store, validator) = await SetUpAsync();
        await store.SetDisabledAsync("alice", true, Ct);

        Assert.Same(LoginResult.Invalid, await validator.ValidateAsync("alice", Password, Here, Ct));
    }

    [Fact]
    public async Task Refresh_tokens_keep_the_login_cap_and_end_with_revocation_expiry_or_a_disabled_account()
    {
        var (store, validator) = await SetUpAsync();
        var pat = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "ci", TokenScope.ReadWrite, null, Ct);
        var login = await validator.ValidateAsync("alice", pat.Secret!, Here, Ct);

        var refresh = await validator.CreateRefreshTokenAsync(login.Principal!, Ct);

        Assert.StartsWith(SecretTokens.RefreshTokenPrefix, refresh, StringComparison.Ordinal);
        Assert.Equal(("alice", TokenScope.ReadWrite), (await validator.RedeemRefreshTokenAsync(refresh!, Ct)) is { } p ? (p.Name, p.TokenScope) : default);
        Assert.Null(await validator.RedeemRefreshTokenAsync(pat.Secret!, Ct));
        Assert.Null(await validator.RedeemRefreshTokenAsync("wharf_rft_nonsense", Ct));

        await store.SetDisabledAsync("alice", true, Ct);
        Assert.Null(await validator.RedeemRefreshTokenAsync(refresh!, Ct));
        await store.SetDisabledAsync("alice", false, Ct);
        Assert.NotNull(await validator.RedeemRefreshTokenAsync(refresh!, Ct));

        _time.Advance(new CredentialOptions().RefreshTokenLifetime);
        Assert.Null(await validator.RedeemRefreshTokenAsync(refresh!, Ct));
        var another = await validator.CreateRefreshTokenAsync(login.Principal!, Ct);
        var id = (await store.ListAccessTokensAsync("alice", Ct)).First(t => t.Kind == AccessTokenKind.RefreshToken).Id;
        await store.RevokeAccessTokenAsync("alice", id, Ct);
        Assert.Null(await validator.RedeemRefreshTokenAsync(another!, Ct));
    }

    [Fact]
    public async Task Failures_for_one_account_from_many_addresses_block_it_for_a_minute()
    {
        var (store, validator) = await SetUpAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Same(LoginResult.Invalid, await validator.ValidateAsync("alice", "guess " + i, $"198.51.100.{i}", Ct));
        }

        var blocked = await validator.ValidateAsync("alice", Password, "203.0.113.9", Ct);
        _time.Advance(TimeSpan.FromSeconds(30));
        var stillBlocked = await validator.ValidateAsync("alice", Password, "203.0.113.9", Ct);
        _time.Advance(TimeSpan.FromSeconds(30));
        var after = await validator.ValidateAsync("alice", Password, "203.0.113.9", Ct);

        Assert.Equal(LoginResult.Throttled(TimeSpan.FromMinutes(1)), blocked);
        // Refusals while blocked are not counted and do not prolong the block.
        Assert.Equal(LoginResult.Throttled(TimeSpan.FromSeconds(30)), stillBlocked);
        Assert.True(after.Succeeded);
        var block = Assert.Single(await store.ListAuditAsync(new AuditQuery(Action: AuditActions.LoginThrottled), Ct));
        Assert.Equal(("account:alice", "198.51.100.4"), (block.Target, block.ClientAddress));
    }

    [Fact]
    public async Task Failures_from_one_address_for_many_accounts_block_that_address_only()
    {
        var (_, validator) = await SetUpAsync();
        for (var i = 0; i < 5; i++)
        {
            await validator.ValidateAsync($"user{i}", "guess", Here, Ct);
        }

        Assert.Equal(LoginOutcome.Throttled, (await validator.ValidateAsync("alice", Password, Here, Ct)).Outcome);
        Assert.True((await validator.ValidateAsync("alice", Password, "192.0.2.2", Ct)).Succeeded);
    }

    [Fact]
    public async Task A_success_resets_its_addresses_count()
    {
        var (_, validator) = await SetUpAsync();
        for (var i = 0; i < 4; i++)
        {
            await validator.ValidateAsync($"user{i}", "guess", Here, Ct);
        }

        Assert.True((await validator.ValidateAsync("alice", Password, Here, Ct)).Succeeded);
        for (var i = 4; i < 8; i++)
        {
            await validator.ValidateAsync($"user{i}", "guess", Here, Ct);
        }

        Assert.True((await validator.ValidateAsync("alice", Password, Here, Ct)).Succeeded);
    }

    [Fact]
    public async Task IPv6_clients_are_counted_per_64_block()
    {
        var (_, validator) = await SetUpAsync();
        for (var i = 1; i <= 5; i++)
        {
            await validator.ValidateAsync($"user{i}", "guess", $"2001:db8::{i:x}", Ct);
        }

        Assert.Equal(LoginOutcome.Throttled, (await validator.ValidateAsync("alice", Password, "2001:db8::ffff:1", Ct)).Outcome);
        Assert.True((await validator.ValidateAsync("alice", Password, "2001:db8:0:1::1", Ct)).Succeeded);
    }

    [Fact]
    public async Task The_throttle_is_shared_by_every_node_on_the_database()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wharf-accounts-").FullName, "wharf.db");
        var node1 = new SqlAccountStore(SqlDatabase.Sqlite(path), _time);
        var node2 = new SqlAccountStore(SqlDatabase.Sqlite(path), _time);
        await node1.MigrateAsync(Ct);
        await node1.CreateUserAsync("alice", Password, Ct);
        var validators = new[] { Validator(node1), Validator(node2) };

        for (var i = 0; i < 5; i++)
        {
            await validators[i % 2].ValidateAsync("alice", $"guess {i}", $"198.51.100.{i}", Ct);
        }

        Assert.Equal(LoginOutcome.Throttled, (await validators[0].ValidateAsync("alice", Password, Here, Ct)).Outcome);
        Assert.Equal(LoginOutcome.Throttled, (await validators[1].ValidateAsync("alice", Password, Here, Ct)).Outcome);
    }

    private async Task<(IAccountStore Store, CredentialValidator Validator)> SetUpAsync()
    {
        var store = await SqliteAccountStoreTests.CreateAsync(_time);
        await store.CreateUserAsync("alice", Password, Ct);
        return (store, Validator(store));
    }

    private CredentialValidator Validator(IAccountStore store) =>
        new(store, _time, new CredentialOptions(), NullLogger<CredentialValidator>.Instance);
}
