using Microsoft.AspNetCore.Http.Features;
using Wharf.Oci.Errors;
using Wharf.Server.Observability;

namespace Wharf.Server.Oci;

/// <summary>Every <c>/v2/…</c> request comes here: parse the route, admit the caller (<see cref="OciGate"/>), pick the
/// handler by (endpoint, method), and turn every failure into the spec's error body. Bad input never becomes a 500.</summary>
internal static partial class OciDispatcher
{
    public static async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        var path = context.Request.Path.Value ?? "";
        var afterV2 = path.Length > 4 ? path[4..] : "";
        OciEndpoint? endpoint = null;
        try
        {
            var result = OciRoute.TryParse(afterV2, out var route);
            endpoint = route.Endpoint;
            if (result == OciRouteResult.InvalidName)
            {
                throw new RegistryException(OciErrorCode.NameInvalid, "repository names are lowercase path components: [a-z0-9]+([._-][a-z0-9]+)*(/…)*");
            }

            if (result == OciRouteResult.NotFound)
            {
                throw new RegistryException(OciErrorCode.NameUnknown, $"no registry endpoint at {path}");
            }

            OciEndpointLabels.Apply(context, route.Endpoint);
            var request = new OciRequest(context, route);
            var body = request.HasBody ? new CountingReadStream(context.Request.Body) : null;
            if (body is not null)
            {
                context.Request.Body = body;
            }

            try
            {
                request = request with { Caller = await OciGate.AdmitAsync(request) };
                if (!request.Caller.Admits(route, context.Request.Method))
                {
                    // The gate refuses before this; a caller it did not admit is never served (fail closed).
                    throw new RegistryException(OciErrorCode.Denied, "the request was not admitted");
                }

                await DispatchAsync(request, context.Request.Method);
            }
            finally
            {
                ServerMetrics.RequestBodyRead(route.Endpoint, body?.BytesRead ?? 0);
            }
        }
        catch (RegistryException e)
        {
            await OciErrorWriter.WriteAsync(context, e.Code, e.Detail, e.ClientMessage);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals (body over a limit, truncated body, bad framing), in the words of the endpoint.
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? OciErrorCode.PayloadTooLarge
                : endpoint == OciEndpoint.Manifest ? OciErrorCode.ManifestInvalid
                : OciErrorCode.BlobUploadInvalid;
            await OciErrorWriter.WriteAsync(context, code, e.Message);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away mid-request; staged upload bytes stay resumable.
            var logger = context.RequestServices.GetRequiredService<ILogger<OciRequest>>();
            LogClientAborted(logger, context.Request.Method, path);
        }
        catch (Exception e)
        {
            // A fault of ours (disk full, database unreachable): logged with its stack, answered without it.
            var logger = context.RequestServices.GetRequiredService<ILogger<OciRequest>>();
            LogServerFault(logger, e, context.Request.Method, path);
            await OciErrorWriter.WriteAsync(context, OciErrorCode.Unknown, "the registry could not complete the request; see its log");
        }
    }

    private static Task DispatchAsync(OciRequest r, string method) => (r.Route.Endpoint, method) switch
    {
        (OciEndpoint.Base, "GET" or "HEAD") => BaseHandler.GetAsync(r),
        (OciEndpoint.Catalog, "GET" or "HEAD") => ListingHandlers.CatalogAsync(r),
        (OciEndpoint.TagsList, "GET" or "HEAD") => ListingHandlers.TagsAsync(r),
        (OciEndpoint.Manifest, "GET" or "HEAD") => ManifestHandlers.GetAsync(r),
        (OciEndpoint.Manifest, "PUT") => ManifestHandlers.PutAsync(r),
        (OciEndpoint.Manifest, "DELETE") => ManifestHandlers.DeleteAsync(r),
        (OciEndpoint.Blob, "GET" or "HEAD") => BlobHandlers.GetAsync(r),
        (OciEndpoint.Blob, "DELETE") => BlobHandlers.DeleteAsync(r),
        (OciEndpoint.UploadStart, "POST") => WithUnlimitedBody(r, UploadHandlers.StartAsync),
        (OciEndpoint.Upload, "GET" or "HEAD") => UploadHandlers.StatusAsync(r),
        (OciEndpoint.Upload, "PATCH") => WithUnlimitedBody(r, UploadHandlers.PatchAsync),
        (OciEndpoint.Upload, "PUT") => WithUnlimitedBody(r, UploadHandlers.PutAsync),
        (OciEndpoint.Upload, "DELETE") => UploadHandlers.CancelAsync(r),
        (OciEndpoint.Referrers, "GET" or "HEAD") => ReferrersHandler.GetAsync(r),
        _ => MethodNotAllowed(r, method),
    };

    /// <summary>RFC 9110: a 405 carries <c>Allow</c> with the methods the resource does support.</summary>
    private static Task MethodNotAllowed(OciRequest r, string method)
    {
        r.Response.Headers.Allow = r.Route.Endpoint switch
        {
            OciEndpoint.Manifest => "GET, HEAD, PUT, DELETE",
            OciEndpoint.Blob => "GET, HEAD, DELETE",
            OciEndpoint.UploadStart => "POST",
            OciEndpoint.Upload => "GET, HEAD, PATCH, PUT, DELETE",
            _ => "GET, HEAD",
        };
        throw new RegistryException(OciErrorCode.Unsupported, $"{method} is not supported here");
    }

    /// <summary>Blob bodies are streamed to storage, so only upload endpoints lift Kestrel's body size limit.</summary>
    private static async Task WithUnlimitedBody(OciRequest r, Func<OciRequest, Task> handler)
    {
        if (r.Http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        // These are the upload requests: counted while they run, the "uploads in progress" of this node.
        ServerMetrics.UploadStarted();
        try
        {
            await handler(r);
        }
        finally
        {
            ServerMetrics.UploadEnded();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Server fault on {Method} {Path}")]
    private static partial void LogServerFault(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client aborted {Method} {Path}")]
    private static partial void LogClientAborted(ILogger logger, string method, string path);
}
