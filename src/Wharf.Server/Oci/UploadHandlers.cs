using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Auth;
using Wharf.Registry.Uploads;

namespace Wharf.Server.Oci;

/// <summary>The blob upload endpoints: <c>POST …/blobs/uploads/</c> (start, monolithic, mount) and
/// <c>GET/PATCH/PUT/DELETE …/blobs/uploads/&lt;id&gt;</c>.</summary>
internal static class UploadHandlers
{
    public static async Task StartAsync(OciRequest r)
    {
        var uploads = r.Service<UploadService>();
        var query = r.Request.Query;
        if (query.TryGetValue("mount", out var mount))
        {
            var digest = OciRequest.ParseDigest(mount);
            // distribution-spec: a mount that cannot be made falls back to an ordinary upload session; so does one from
            // a repository the caller may not pull, which must not tell whether the blob is there.
            if (RepositoryName.TryParse(query["from"].ToString(), out var from) && r.Caller.May(from.Value, RepositoryAction.Pull)
                && await uploads.TryMountAsync(r.Name, digest, from, r.Ct))
            {
                BlobCreated(r, digest);
                return;
            }
        }
        else if (query.TryGetValue("digest", out var digestText))
        {
            var digest = OciRequest.ParseDigest(digestText);
            await uploads.PushMonolithicAsync(r.Name, digest, r.Request.Body, r.Ct);
            BlobCreated(r, digest);
            return;
        }

        var session = await uploads.StartAsync(r.Name, r.Ct);
        UploadAccepted(r, session.Id, 0, StatusCodes.Status202Accepted);
    }

    public static async Task StatusAsync(OciRequest r)
    {
        var offset = await r.Service<UploadService>().GetOffsetAsync(r.Name, r.Route.Argument, r.Ct);
        UploadAccepted(r, r.Route.Argument, offset, StatusCodes.Status204NoContent);
    }

    public static async Task PatchAsync(OciRequest r)
    {
        var range = ContentRange.Parse(r.Request.Headers.ContentRange);
        if (range is { } cr && r.Request.ContentLength is { } length && length != cr.Length)
        {
            throw new RegistryException(OciErrorCode.RangeInvalid, $"Content-Range covers {cr.Length} bytes but Content-Length is {length}");
        }

        var offset = await r.Service<UploadService>().AppendAsync(r.Name, r.Route.Argument, r.Request.Body, range?.Start, r.Ct);
        if (range is { } expected && offset != expected.End + 1)
        {
            throw new RegistryException(OciErrorCode.RangeInvalid, $"chunk ended at {offset} bytes, Content-Range said {expected.End + 1}");
        }

        UploadAccepted(r, r.Route.Argument, offset, StatusCodes.Status202Accepted);
    }

    public static async Task PutAsync(OciRequest r)
    {
        if (!r.Request.Query.TryGetValue("digest", out var digestText))
        {
            throw new RegistryException(OciErrorCode.DigestInvalid, "the digest query parameter is required to complete an upload");
        }

        var digest = OciRequest.ParseDigest(digestText);
        var range = ContentRange.Parse(r.Request.Headers.ContentRange);
        await r.Service<UploadService>().CompleteAsync(r.Name, r.Route.Argument, digest, r.HasBody ? r.Request.Body : null, range?.Start, r.Ct);
        BlobCreated(r, digest);
    }

    public static async Task CancelAsync(OciRequest r)
    {
        await r.Service<UploadService>().CancelAsync(r.Name, r.Route.Argument, r.Ct);
        r.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static void BlobCreated(OciRequest r, Digest digest)
    {
        r.Response.StatusCode = StatusCodes.Status201Created;
        r.Response.Headers.Location = $"/v2/{r.Name}/blobs/{digest}";
        r.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        r.Response.ContentLength = 0;
    }

    private static void UploadAccepted(OciRequest r, string uploadId, long offset, int status)
    {
        r.Response.StatusCode = status;
        r.Response.Headers.Location = $"/v2/{r.Name}/blobs/uploads/{uploadId}";
        // Distribution reports an empty upload as 0-0 too; clients resume from end + 1 only when bytes exist.
        r.Response.Headers.Range = $"0-{Math.Max(offset - 1, 0)}";
        r.Response.Headers["Docker-Upload-UUID"] = uploadId;
        r.Response.ContentLength = 0;
    }
}
