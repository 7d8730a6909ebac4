using Microsoft.Extensions.Options;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Accounts;

/// <summary>The management API for accounts (<c>/api/v1/…</c>, the contract in docs/api.md) and the OpenAPI document
/// of the whole JSON API at <c>/api/v1/openapi.json</c>. The account endpoints exist only when <c>Auth:Enabled</c>;
/// every one of them runs behind <see cref="ApiAuthenticationFilter"/>.</summary>
internal static class AccountsApi
{
    public const string Prefix = "/api/v1";
    public const string OpenApiPath = Prefix + "/openapi.json";

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ApiAuthenticationFilter>();
        services.AddSingleton<AccountActions>();
        services.AddOpenApi(options =>
        {
            // Only the JSON API: /v2 is the OCI distribution-spec's, /auth the Docker token protocol's.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddOperationTransformer<RequestBodyTransformer>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Wharf API";
                document.Info.Description = "The JSON API of Wharf that its CLI and web UI use. Authenticate with HTTP Basic: "
                    + "a password, a personal access token or a robot secret; or the web UI's session cookie. "
                    + "Errors are RFC 9457 problem details.";
                return Task.CompletedTask;
            });
        });
    }

    public static void Map(WebApplication app)
    {
        app.MapOpenApi(OpenApiPath);
        MapUnknown(app);
        if (!app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            return;
        }

        var api = app.MapGroup(Prefix);
        api.AddEndpointFilter<ApiAuthenticationFilter>();
        UserEndpoints.Map(api);
        UsersEndpoints.Map(api);
        OrganisationEndpoints.Map(api);
        TeamEndpoints.Map(api);
        RobotEndpoints.Map(api);
        PermissionEndpoints.Map(api);
        VisibilityEndpoints.Map(api);
        AuditEndpoints.Map(api);
    }

    /// <summary>A path under <c>/api</c> that no endpoint claims is a 404 in the API's own format, not the web UI's
    /// not-found page (whose catch-all route this outranks). The methods are the UI's (GET, POST): another method on a
    /// known path stays 405.</summary>
    private static void MapUnknown(WebApplication app) =>
        app.MapMethods("/api/{**path}", [HttpMethods.Get, HttpMethods.Post], (string? path) =>
                ApiProblem.NotFound("Unknown endpoint", $"there is no /api/{path}; see {OpenApiPath}"))
            .ExcludeFromDescription();
}
