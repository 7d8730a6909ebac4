namespace Wharf.Server.Api.Accounts;

/// <summary>Runs before every management endpoint: refuses cross-site browser changes, resolves the
/// <see cref="ApiCaller"/> (401/429 for bad or throttled credentials, whatever the endpoint), and turns an
/// <see cref="ApiProblemException"/> from the handler into its problem answer.</summary>
internal sealed class ApiAuthenticationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (IsCrossSiteChange(http.Request))
        {
            // A browser holding cached Basic credentials or a session cookie for this server would otherwise send them
            // along with a form another site posts (text/plain needs no CORS preflight; SameSite=Lax keeps the cookie
            // from a cross-site POST, but not from a same-site one); the CLI sends no Origin header.
            return ApiProblem.Forbidden("cross-site requests may not change anything");
        }

        var (caller, refusal) = await ApiCaller.AuthenticateAsync(http);
        if (caller is null)
        {
            return refusal;
        }

        caller.AttachTo(http);
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

    /// <summary>Whether a browser sent this change from another site (what no API client does).</summary>
    public static bool IsCrossSiteChange(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return false;
        }

        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
