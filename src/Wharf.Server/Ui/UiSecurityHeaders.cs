namespace Wharf.Server.Ui;

/// <summary>The headers every UI answer carries (decision 026): a content security policy that allows no inline script
/// or style and no framing, no MIME sniffing, no referrer beyond this site, and no caching of pages that show an
/// account's data (which is every page: the header names who is signed in). Assets replace the cache header.</summary>
internal static class UiSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    public static void Use(WebApplication app) => app.Use((context, next) =>
    {
        if (UiRequests.IsUi(context.Request))
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
        }

        return next(context);
    });
}
