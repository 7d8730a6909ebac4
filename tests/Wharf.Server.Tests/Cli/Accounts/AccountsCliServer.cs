using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli.Accounts;

/// <summary>A real Wharf with <c>Auth:Enabled</c> and a server administrator made through the store, for driving the
/// real <c>wharf</c> account commands. Each identity gets its own DOCKER_CONFIG, filled by a real <c>wharf login</c>,
/// as separate people or CI jobs would have.</summary>
public sealed class AccountsCliServer : IAsyncDisposable
{
    public const string Admin = "root";
    public const string AdminPassword = "root-password-1";

    private readonly List<string> _configs = [];

    private AccountsCliServer(WharfServer server) => Server = server;

    public WharfServer Server { get; }

    /// <summary>host:port, what <c>--server</c> and <c>wharf login</c> take.</summary>
    public string Host => Server.HostPort;

    public IAccountStore Store => Server.Services.GetRequiredService<IAccountStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<AccountsCliServer> StartAsync()
    {
        var server = await WharfServer.StartWithAuthAsync("bootstrap-password-1");
        var cli = new AccountsCliServer(server);
        Assert.Equal(AccountChange.Done, await cli.Store.CreateUserAsync(Admin, AdminPassword, Ct));
        Assert.Equal(AccountChange.Done, await cli.Store.SetAdminAsync(Admin, true, Ct));
        return cli;
    }

    /// <summary>An empty DOCKER_CONFIG directory: no credentials at all.</summary>
    public string NewConfig()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-accounts-cli-").FullName;
        _configs.Add(directory);
        return directory;
    }

    /// <summary>A DOCKER_CONFIG holding <paramref name="user"/>'s credentials, stored by <c>wharf login</c>.</summary>
    public async Task<string> LoginAsync(string user, string secret)
    {
        var config = NewConfig();
        var login = await RunRawAsync(config, ["login", Host, "-u", user, "--password-stdin"], secret + "\n");
        Assert.True(login.ExitCode == 0, login.Describe());
        return config;
    }

    /// <summary>Runs wharf with the credentials in <paramref name="config"/>; WHARF_SERVER is cleared so only what the
    /// test passes names the server.</summary>
    public static Task<ToolResult> RunRawAsync(string config, string[] arguments, string? standardInput = null) =>
        WharfCli.RunAsync(arguments, new Dictionary<string, string> { ["DOCKER_CONFIG"] = config, ["WHARF_SERVER"] = "" }, standardInput, Ct);

    /// <summary>Runs <c>wharf ARGS --server HOST</c>.</summary>
    public Task<ToolResult> RunAsync(string config, params string[] arguments) => RunRawAsync(config, [.. arguments, "--server", Host]);

    /// <summary>Runs <c>wharf ARGS --server HOST</c> with standard input.</summary>
    public Task<ToolResult> RunWithInputAsync(string config, string standardInput, params string[] arguments) =>
        RunRawAsync(config, [.. arguments, "--server", Host], standardInput);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        foreach (var config in _configs)
        {
            Directory.Delete(config, recursive: true);
        }
    }
}
