namespace Wharf.Server.Tests.Api.Accounts;

/// <summary>One <see cref="AccountsApiServer"/> shared by a test class; its tests use fresh account names. Tests that
/// make logins fail start their own server, since failures from one address are throttled together.</summary>
public sealed class AccountsApiFixture : IAsyncLifetime
{
    private AccountsApiServer? _api;

    public AccountsApiServer Api => _api ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync() => _api = await AccountsApiServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }
}
