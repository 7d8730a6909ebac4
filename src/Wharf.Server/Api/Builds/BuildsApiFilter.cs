using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Builds;

/// <summary>Runs before every builds endpoint. With <c>Auth:Enabled</c> it is the management API's
/// <see cref="ApiAuthenticationFilter"/> (HTTP Basic, 401/429, no cross-site changes). Without auth the API answers 403
/// unless <c>Builds:AllowWithoutAuth</c> (decision 017): a build runs the submitter's commands on the server, which
/// nobody should get merely by reaching a registry left open for pushes; and even then no cross-site change.</summary>
internal sealed class BuildsApiFilter(IOptions<AuthOptions> auth) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (auth.Value.Enabled)
        {
            return await new ApiAuthenticationFilter().InvokeAsync(context, next);
        }

        if (!BuildAccess.Served(context.HttpContext))
        {
            return ApiProblem.Forbidden("builds need Auth:Enabled on this server (or Builds:AllowWithoutAuth, for a server anyone may build on)");
        }

        var http = context.HttpContext;
        if (ApiAuthenticationFilter.IsCrossSiteChange(http.Request))
        {
            // Anyone may build here, but not another site through a browser that can reach this server: a
            // multipart/form-data submission, unlike a tar or JSON body, needs no CORS preflight.
            return ApiProblem.Forbidden("cross-site requests may not change anything");
        }

        new ApiCaller(Principal.Anonymous, http.Connection.RemoteIpAddress?.ToString() ?? "").AttachTo(http);
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
}
