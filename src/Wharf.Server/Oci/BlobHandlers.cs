using Microsoft.Net.Http.Headers;
using Wharf.Oci.Errors;
using Wharf.Registry.Blobs;
using Wharf.Server.Observability;

namespace Wharf.Server.Oci;

/// <summary><c>GET/HEAD/DELETE /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>, over <see cref="BlobService"/> (a repository serves
/// only the blobs it links; deletes can be turned off).</summary>
internal static class BlobHandlers
{
    private const int CopyBufferSize = 256 * 1024;

    /// <summary>HEAD is answered here (size and digest, from the link); GET is redirected to the store when it offers
    /// a download URL (S3 presigned: the client fetches the bytes, ranges included, from the store), else the bytes are
    /// streamed from here with range support.</summary>
    public static async Task GetAsync(OciRequest r)
    {
        var digest = r.ArgumentDigest();
        var blobs = r.Service<BlobService>();
        var blob = await blobs.FindAsync(r.Name, digest, r.Ct)
            ?? throw new RegistryException(OciErrorCode.BlobUnknown, $"{r.Name} has no blob {digest}");
        var response = r.Response;
        var etag = $"\"{digest}\"";
        response.Headers["Docker-Content-Digest"] = digest.ToString();
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "max-age=31536000";
        if (r.Request.Headers.IfNoneMatch == etag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        if (!HttpMethods.IsHead(r.Request.Method) && await blobs.FindDownloadUrlAsync(blob, r.Ct) is { } url)
        {
            // The URL expires: no cache may keep the redirect as long as it may keep the bytes.
            response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            response.Headers.Location = url.ToString();
            response.Headers.CacheControl = "no-store";
            response.ContentLength = 0;
            return;
        }

        response.Headers.AcceptRanges = "bytes";

        if (SelectRange(r, blob.Size) is not var (offset, length))
        {
            return;
        }

        response.ContentType = "application/octet-stream";
        response.ContentLength = length;
        if (HttpMethods.IsHead(r.Request.Method))
        {
            return;
        }

        await using var stream = await blobs.OpenAsync(blob, offset, r.Ct);
        await CopyAsync(stream, response, length, r.Ct);
    }

    public static async Task DeleteAsync(OciRequest r)
    {
        // Unlinking is the delete a repository can make; the bytes go when garbage collection finds no link left.
        await r.Service<BlobService>().DeleteAsync(r.Name, r.ArgumentDigest(), r.Actor, r.Ct);
        r.Response.StatusCode = StatusCodes.Status202Accepted;
        r.Response.ContentLength = 0;
    }

    /// <summary>One byte range per RFC 9110 (the only kind registries serve); anything else means the whole blob.
    /// An unsatisfiable range is 416 with <c>Content-Range: bytes */size</c>.</summary>
    private static (long Offset, long Length)? SelectRange(OciRequest r, long size)
    {
        if (!RangeHeaderValue.TryParse(r.Request.Headers.Range.ToString(), out var header) ||
            !"bytes".Equals(header.Unit.Value, StringComparison.OrdinalIgnoreCase) || header.Ranges.Count != 1)
        {
            return (0, size);
        }

        var range = header.Ranges.First();
        long from, to;
        if (range.From is null)
        {
            var suffix = Math.Min(range.To ?? 0, size);
            (from, to) = (size - suffix, size - 1);
        }
        else
        {
            from = range.From.Value;
            to = Math.Min(range.To ?? size - 1, size - 1);
        }

        if (from >= size || from > to)
        {
            // RFC 9110: 416 with the current length; no error code of the spec's table fits, so no JSON body.
            r.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            r.Response.Headers.ContentRange = $"bytes */{size}";
            r.Response.ContentLength = 0;
            return null;
        }

        r.Response.StatusCode = StatusCodes.Status206PartialContent;
        r.Response.Headers.ContentRange = $"bytes {from}-{to}/{size}";
        return (from, to - from + 1);
    }

    private static async Task CopyAsync(Stream source, HttpResponse response, long length, CancellationToken ct)
    {
        var writer = response.BodyWriter;
        var remaining = length;
        try
        {
            while (remaining > 0)
            {
                // The segment is filled before it is flushed: a store's stream answers in the pieces it receives (an
                // S3 response in a few kilobytes at a time), and a flush per piece is a socket write per piece, which
                // a balancer in front then pays for again.
                var memory = writer.GetMemory(CopyBufferSize);
                var wanted = (int)Math.Min(memory.Length, remaining);
                var filled = 0;
                while (filled < wanted && await source.ReadAsync(memory[filled..wanted], ct) is var n and > 0)
                {
                    filled += n;
                }

                if (filled == 0)
                {
                    throw new IOException("blob ended before its recorded size");
                }

                writer.Advance(filled);
                remaining -= filled;
                var flushed = await writer.FlushAsync(ct);
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            // What was handed to the connection, also when the client went away mid-blob.
            ServerMetrics.ResponseBodyWritten(OciEndpoint.Blob, length - remaining);
        }
    }
}
