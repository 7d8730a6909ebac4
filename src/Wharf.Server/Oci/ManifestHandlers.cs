using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Manifests;
using Wharf.Registry.Manifests;
using Wharf.Server.GitPull;
using Wharf.Server.Observability;

namespace Wharf.Server.Oci;

/// <summary><c>GET/HEAD/PUT/DELETE /v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>.</summary>
internal static class ManifestHandlers
{
    public static async Task GetAsync(OciRequest r)
    {
        // distribution-spec end-3 allows only 404 here: nothing is stored under a reference that is neither a tag
        // nor a digest, so it is unknown rather than invalid (the conformance suite pulls ".INVALID_MANIFEST_NAME").
        // A GET takes the manifest (a pull, with its event); a HEAD only looks.
        var manifests = r.Service<ManifestService>();
        var known = Reference.TryParse(r.Route.Argument, out var reference);
        if (known && reference.Tag is { } tag && GitPullName.IsUnder(r.Name.Value) && r.Service<GitPullBuilds>() is { Enabled: true } gitPulls)
        {
            // Built on pull (decision 025): the tag names a ref of a git repository; served is its commit's image.
            reference = await gitPulls.ResolveAsync(r.Name, tag, GitPullCaller.Of(r.Caller.Name, r.Actor.ClientAddress, r.Request.Host.Value ?? "", r.Request.Scheme), r.Ct);
        }

        var manifest = !known ? null
            : HttpMethods.IsHead(r.Request.Method) ? await manifests.FindAsync(r.Name, reference, r.Ct)
            : await manifests.PullAsync(r.Name, reference, r.Actor, r.Ct);
        if (manifest is null)
        {
            throw new RegistryException(OciErrorCode.ManifestUnknown, $"{r.Name}:{r.Route.Argument} not found");
        }

        var response = r.Response;
        var etag = $"\"{manifest.Digest}\"";
        response.ContentType = manifest.MediaType;
        response.ContentLength = manifest.Content.Length;
        response.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
        response.Headers.ETag = etag;
        if (r.Request.Headers.IfNoneMatch == etag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.ContentLength = null;
            return;
        }

        if (!HttpMethods.IsHead(r.Request.Method))
        {
            await response.Body.WriteAsync(manifest.Content, r.Ct);
            ServerMetrics.ResponseBodyWritten(OciEndpoint.Manifest, manifest.Content.Length);
        }
    }

    public static async Task PutAsync(OciRequest r)
    {
        var reference = ParseReference(r);
        var content = await ReadManifestBodyAsync(r);
        var manifest = await r.Service<ManifestService>().PutAsync(r.Name, reference, content, r.Request.ContentType, r.Actor, r.Ct);
        var response = r.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{r.Name}/manifests/{manifest.Digest}";
        response.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
        if (manifest.Subject is { } subject)
        {
            // distribution-spec 1.1: tells the client this registry indexes referrers itself.
            response.Headers["OCI-Subject"] = subject.ToString();
        }

        response.ContentLength = 0;
    }

    public static async Task DeleteAsync(OciRequest r)
    {
        await r.Service<ManifestService>().DeleteAsync(r.Name, ParseReference(r), r.Actor, r.Ct);
        r.Response.StatusCode = StatusCodes.Status202Accepted;
        r.Response.ContentLength = 0;
    }

    private static Reference ParseReference(OciRequest r)
    {
        if (Reference.TryParse(r.Route.Argument, out var reference))
        {
            return reference;
        }

        throw r.Route.Argument.Contains(':', StringComparison.Ordinal)
            ? new RegistryException(OciErrorCode.DigestInvalid, $"'{r.Route.Argument}' is not a supported digest")
            : new RegistryException(OciErrorCode.ManifestInvalid, $"'{r.Route.Argument}' is not a valid tag ([a-zA-Z0-9_][a-zA-Z0-9._-]{{0,127}})");
    }

    /// <summary>A manifest is small by definition: read it whole, but never more than the 4 MiB limit.</summary>
    private static async Task<byte[]> ReadManifestBodyAsync(OciRequest r)
    {
        const int limit = ManifestParser.MaxManifestBytes;
        if (r.Request.ContentLength > limit)
        {
            throw new RegistryException(OciErrorCode.PayloadTooLarge, $"manifest is {r.Request.ContentLength} bytes; the limit is {limit}");
        }

        using var buffer = new MemoryStream(capacity: (int)(r.Request.ContentLength ?? 4096));
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await r.Request.Body.ReadAsync(chunk, r.Ct)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                throw new RegistryException(OciErrorCode.PayloadTooLarge, $"manifest exceeds the limit of {limit} bytes");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
