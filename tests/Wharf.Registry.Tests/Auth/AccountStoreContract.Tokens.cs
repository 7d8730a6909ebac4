using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

/// <summary>Issued secrets: personal access tokens, robot secrets and refresh tokens.</summary>
public abstract partial class AccountStoreContract
{
    [Fact]
    public async Task A_personal_access_token_is_shown_once_listed_without_its_secret_found_and_revoked()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        await store.CreateUserAsync("bob", null, Ct);
        var expires = Time.GetUtcNow().AddDays(30);

        var issued = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "laptop", TokenScope.ReadWrite, expires, Ct);
        var second = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "laptop", TokenScope.Read, null, Ct);

        Assert.True(issued.IsDone);
        Assert.True(second.IsDone);
        Assert.StartsWith(SecretTokens.PersonalAccessTokenPrefix, issued.Secret, StringComparison.Ordinal);
        Assert.NotEqual(issued.Secret, second.Secret);
        var expected = new AccessToken(issued.Token.Id, "alice", AccessTokenKind.PersonalAccessToken, "laptop", TokenScope.ReadWrite, Time.GetUtcNow(), expires, null, null);
        Assert.Equal(expected, issued.Token);
        Assert.Equal([second.Token, expected], await store.ListAccessTokensAsync("alice", Ct));
        Assert.Empty(await store.ListAccessTokensAsync("bob", Ct));

        Assert.Equal(expected with { LastUsedAt = Time.GetUtcNow() }, await store.FindAccessTokenAsync(issued.Secret, Ct));
        Assert.Null(await store.FindAccessTokenAsync(issued.Secret + "x", Ct));
        Assert.Null(await store.FindAccessTokenAsync("laptop", Ct));

        Assert.False(await store.RevokeAccessTokenAsync("bob", issued.Token.Id, Ct));
        Assert.True(await store.RevokeAccessTokenAsync("alice", issued.Token.Id, Ct));
        Assert.False(await store.RevokeAccessTokenAsync("alice", issued.Token.Id, Ct));
        Assert.Null(await store.FindAccessTokenAsync(issued.Secret, Ct));
        Assert.NotNull(await store.FindAccessTokenAsync(second.Secret, Ct));
        Assert.Equal(Time.GetUtcNow(), (await store.ListAccessTokensAsync("alice", Ct)).Single(t => t.Id == issued.Token.Id).RevokedAt);
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_an_expiry_in_the_past_is_invalid()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        var issued = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "ci", TokenScope.Read, Time.GetUtcNow().AddHours(1), Ct);

        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await store.FindAccessTokenAsync(issued.Secret!, Ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.FindAccessTokenAsync(issued.Secret!, Ct));
        Assert.False((await store.ListAccessTokensAsync("alice", Ct)).Single().IsActive(Time.GetUtcNow()));

        var past = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "old", TokenScope.Read, Time.GetUtcNow(), Ct);
        Assert.Equal(AccountChange.InvalidName, past.Outcome);
    }

    [Fact]
    public async Task Last_use_is_recorded_to_the_minute()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        var issued = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "ci", TokenScope.Read, null, Ct);
        var firstUse = Time.GetUtcNow().AddMinutes(5);

        Time.Advance(TimeSpan.FromMinutes(5));
        await store.FindAccessTokenAsync(issued.Secret!, Ct);
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(firstUse, (await store.FindAccessTokenAsync(issued.Secret!, Ct))?.LastUsedAt);
        Assert.Equal(firstUse, (await store.ListAccessTokensAsync("alice", Ct)).Single().LastUsedAt);

        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(Time.GetUtcNow(), (await store.FindAccessTokenAsync(issued.Secret!, Ct))?.LastUsedAt);
        Assert.Equal(Time.GetUtcNow(), (await store.ListAccessTokensAsync("alice", Ct)).Single().LastUsedAt);
    }

    [Fact]
    public async Task Each_kind_of_token_is_for_its_kind_of_account()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        await store.CreateOrganisationAsync("acme", null, Ct);
        await store.CreateRobotAsync("acme", "ci", Ct);

        async Task<AccountChange> Create(string account, AccessTokenKind kind, TokenScope? scope, string name = "t") =>
            (await store.CreateAccessTokenAsync(account, kind, name, scope, null, Ct)).Outcome;

        Assert.Equal(AccountChange.Done, await Create("alice", AccessTokenKind.PersonalAccessToken, TokenScope.Delete));
        Assert.Equal(AccountChange.WrongKind, await Create("alice", AccessTokenKind.PersonalAccessToken, null));
        Assert.Equal(AccountChange.WrongKind, await Create("acme+ci", AccessTokenKind.PersonalAccessToken, TokenScope.Read));
        Assert.Equal(AccountChange.WrongKind, await Create("alice", AccessTokenKind.RobotSecret, null));
        Assert.Equal(AccountChange.Done, await Create("acme+ci", AccessTokenKind.RobotSecret, null));
        Assert.Equal(AccountChange.Done, await Create("alice", AccessTokenKind.RefreshToken, null));
        Assert.Equal(AccountChange.Done, await Create("acme+ci", AccessTokenKind.RefreshToken, TokenScope.Read));
        Assert.Equal(AccountChange.WrongKind, await Create("acme", AccessTokenKind.RefreshToken, null));
        Assert.Equal(AccountChange.NotFound, await Create("nobody", AccessTokenKind.RefreshToken, null));
        Assert.Equal(AccountChange.InvalidName, await Create("alice", AccessTokenKind.PersonalAccessToken, TokenScope.Read, ""));
        Assert.Equal(AccountChange.InvalidName, await Create("alice", AccessTokenKind.PersonalAccessToken, TokenScope.Read, new string('x', 101)));
        Assert.Equal(AccountChange.InvalidName, await Create("alice", AccessTokenKind.PersonalAccessToken, TokenScope.Read, "a\nb"));
        Assert.Equal(
            [AccessTokenKind.RefreshToken, AccessTokenKind.PersonalAccessToken],
            (await store.ListAccessTokensAsync("alice", Ct)).Select(t => t.Kind));
    }

    [Fact]
    public async Task A_new_password_revokes_refresh_tokens_but_not_personal_access_tokens()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        var refresh = await store.CreateAccessTokenAsync("alice", AccessTokenKind.RefreshToken, "refresh token", null, null, Ct);
        var pat = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "ci", TokenScope.Read, null, Ct);

        await store.SetPasswordAsync("alice", "new password", Ct);

        Assert.Null(await store.FindAccessTokenAsync(refresh.Secret!, Ct));
        Assert.NotNull(await store.FindAccessTokenAsync(pat.Secret!, Ct));
    }

    [Fact]
    public async Task Tokens_of_disabled_or_deleted_accounts_are_refused()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        var pat = await store.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "ci", TokenScope.Read, null, Ct);

        await store.SetDisabledAsync("alice", true, Ct);
        Assert.Null(await store.FindAccessTokenAsync(pat.Secret!, Ct));
        await store.SetDisabledAsync("alice", false, Ct);
        Assert.NotNull(await store.FindAccessTokenAsync(pat.Secret!, Ct));

        await store.DeleteAccountAsync("alice", Ct);
        await store.CreateUserAsync("alice", null, Ct);
        Assert.Null(await store.FindAccessTokenAsync(pat.Secret!, Ct));
        Assert.Empty(await store.ListAccessTokensAsync("alice", Ct));
    }
}
