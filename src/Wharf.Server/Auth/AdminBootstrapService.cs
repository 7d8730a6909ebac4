using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Server.Options;

namespace Wharf.Server.Auth;

/// <summary>The first start with <c>Auth:Enabled</c> and no user at all creates the server administrator
/// <see cref="AdminName"/>, so a fresh registry can be logged into (decision 007). The password is
/// <c>Auth:AdminPassword</c> (<c>WHARF_Auth__AdminPassword</c>) when set, else generated and printed once to standard
/// output: never to the log. Nodes starting together race on the insert; only the winner prints.</summary>
internal sealed partial class AdminBootstrapService(IAccountStore store, IOptions<AuthOptions> options, ILogger<AdminBootstrapService> logger) : IHostedService
{
    public const string AdminName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || (await store.ListAccountsAsync(AccountKind.User, null, 1, cancellationToken)).Count > 0)
        {
            return;
        }

        var configured = options.Value.AdminPassword is { Length: > 0 };
        var password = configured ? options.Value.AdminPassword! : RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
        if (await store.CreateUserAsync(AdminName, password, cancellationToken, isAdmin: true) != AccountChange.Done)
        {
            return; // another node created it first
        }

        await store.AppendAuditAsync("", AuditActions.AccountCreated, AdminName, "first start: server administrator", null, cancellationToken);
        LogCreated(logger, AdminName, configured ? "from Auth:AdminPassword" : "generated, printed once on standard output");
        if (!configured)
        {
            await Console.Out.WriteLineAsync(
                $"""

                Wharf created the administrator account '{AdminName}' with the password:

                    {password}

                It is shown only this once. Log in with: docker login <this host:port> -u {AdminName}

                """);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the server administrator '{Name}' (password {How})")]
    private static partial void LogCreated(ILogger logger, string name, string how);
}
