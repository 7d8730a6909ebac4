using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Server.GitPull;
using Wharf.Server.Maintenance;
using Wharf.Server.Options;

namespace Wharf.Server.Auth;

/// <summary>Registers the accounts and token services and maps <c>/auth/token</c> and <c>/auth/jwks</c> when
/// <c>Auth:Enabled</c> (decision 007). The registry endpoints are guarded by <c>Oci/OciGate</c>.</summary>
internal static class AuthSetup
{
    public const string JwksPath = "/auth/jwks";

    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<CredentialOptions>().BindConfiguration(CredentialOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAccountStore>(sp => new SqlAccountStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => GitPullSetup.Policy(Auth(sp).AnonymousPull, sp.GetRequiredService<IOptions<GitPullOptions>>().Value));
        services.AddSingleton<RepositoryRights>();
        services.AddSingleton<VisibleRepositories>();
        services.AddSingleton(sp => new CredentialValidator(
            sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<CredentialOptions>>().Value, sp.GetRequiredService<ILogger<CredentialValidator>>()));
        services.AddSingleton(sp => new SqlSigningKeyStore(sp.GetRequiredService<SqlDatabase>()));
        services.AddSingleton(sp =>
        {
            // The key files of a Wharf from before decision 008, imported once into an empty table.
            var legacyKeys = Auth(sp).KeysDirectory is { Length: > 0 } directory
                ? directory
                : Path.Combine(Path.GetFullPath(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory), "keys");
            return new SigningKeyStore(
                sp.GetRequiredService<SqlSigningKeyStore>(), legacyKeys, Auth(sp).TokenLifetime, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SigningKeyStore>>());
        });
        services.AddSingleton(sp => new TokenIssuer(sp.GetRequiredService<SigningKeyStore>(), sp.GetRequiredService<TimeProvider>(), Auth(sp)));
        services.AddSingleton(sp => new ActiveAccounts(sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<TimeProvider>(), Auth(sp).AccountRecheckInterval));
        services.AddSingleton(sp => new TokenValidator(sp.GetRequiredService<SigningKeyStore>(), sp.GetRequiredService<TimeProvider>(), Auth(sp)));
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<IAccountStore>();
            var credentials = sp.GetRequiredService<CredentialValidator>();
            var rights = sp.GetRequiredService<RepositoryRights>();
            return new TokenEndpointServices(
                sp.GetRequiredService<TokenIssuer>(),
                Auth(sp),
                async (user, secret, address, ct) =>
                {
                    // Every token request with credentials is a login (docker sends its password for each one): audited
                    // through the batched, folding trail rather than one synchronous insert per request.
                    var login = await credentials.ValidateAsync(user, secret, address, auditSuccess: false, ct);
                    if (login.Succeeded)
                    {
                        sp.GetRequiredService<AuditTrail>().Record(user, AuditActions.Login, user, login.How, address);
                    }

                    return login;
                },
                rights.DecideAsync,
                async (principal, ct) => await credentials.CreateRefreshTokenAsync(principal, ct)
                    ?? throw new InvalidOperationException("no refresh token for an anonymous principal"),
                credentials.RedeemRefreshTokenAsync);
        });
    }

    /// <summary>After the schema migration: the admin bootstrap needs the accounts tables.</summary>
    public static void AddHostedServices(IServiceCollection services)
    {
        services.AddHostedService<AdminBootstrapService>();
        services.AddHostedService<AuthMaintenanceService>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
    }

    public static void Map(WebApplication app)
    {
        if (!Auth(app.Services).Enabled)
        {
            return;
        }

        app.Map(TokenEndpoint.Path, (HttpContext http, TokenEndpointServices services, CancellationToken ct) => TokenEndpoint.HandleAsync(http, services, ct));
        app.MapGet(JwksPath, async (SigningKeyStore keys, CancellationToken ct) => Results.Text(await keys.JwksAsync(ct), "application/json"));
    }

    private static AuthOptions Auth(IServiceProvider services) => services.GetRequiredService<IOptions<AuthOptions>>().Value;
}
