using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Overview;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Repositories;

/// <summary>Runs before every repositories endpoint (and Docker's <c>/v1/search</c>). With <c>Auth:Enabled</c> it is the
/// management API's <see cref="ApiAuthenticationFilter"/> (HTTP Basic, a UI session or anonymous; 401/429 for bad credentials) and
/// the caller sees what <see cref="RepositoryVisibility"/> lets it; without auth every caller sees everything, as on
/// <c>/v2</c>.</summary>
internal sealed class RepositoriesApiFilter(IOptions<AuthOptions> auth) : IEndpointFilter
{
    private static readonly object ViewerKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (auth.Value.Enabled)
        {
            return await new ApiAuthenticationFilter().InvokeAsync(context, ctx =>
            {
                http.Items[ViewerKey] = Viewer.As(ApiCaller.Of(http).Principal);
                return next(ctx);
            });
        }

        new ApiCaller(Principal.Anonymous, http.Connection.RemoteIpAddress?.ToString() ?? "").AttachTo(http);
        http.Items[ViewerKey] = Viewer.Everyone;
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            return await next(context);
        }
        catch (ApiProblemException e)
        {
            return e.Problem;
        }
    }

    /// <summary>Who the filter found is looking.</summary>
    public static Viewer ViewerOf(HttpContext http) =>
        http.Items[ViewerKey] as Viewer ?? throw new InvalidOperationException("the repositories filter did not run for this endpoint");
}
