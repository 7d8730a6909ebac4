namespace Wharf.Server.Oci;

/// <summary><c>GET /v2/</c>: the API version check every client makes first.</summary>
internal static class BaseHandler
{
    public static Task GetAsync(OciRequest r)
    {
        r.Response.ContentType = "application/json";
        r.Response.ContentLength = 2;
        return HttpMethods.IsHead(r.Request.Method) ? Task.CompletedTask : r.Response.WriteAsync("{}", r.Ct);
    }
}
