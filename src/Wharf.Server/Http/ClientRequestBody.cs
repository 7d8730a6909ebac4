using Microsoft.AspNetCore.Connections;

namespace Wharf.Server.Http;

/// <summary>The request body as the handlers read it. Kestrel reports some malformed framing as a plain
/// <see cref="IOException"/> rather than a <see cref="BadHttpRequestException"/>: a chunk-size line that overflows 64 bits
/// (<c>ffffffffffffffffff</c>) is "Bad chunk size data". Here any read failure other than the client going away becomes
/// a 400 <see cref="BadHttpRequestException"/>, so every front end answers it as bad input in its own format instead
/// of mistaking it for a fault of the server's own disk (a 500). Installed for every request by <see cref="Install"/>.</summary>
internal sealed class ClientRequestBody(Stream inner) : Stream
{
    public static Task Install(HttpContext context, RequestDelegate next)
    {
        context.Request.Body = new ClientRequestBody(context.Request.Body);
        return next(context);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (e is not ConnectionResetException && e is not BadHttpRequestException)
        {
            throw new BadHttpRequestException($"the request body is malformed: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return inner.Read(buffer, offset, count);
        }
        catch (IOException e) when (e is not ConnectionResetException && e is not BadHttpRequestException)
        {
            throw new BadHttpRequestException($"the request body is malformed: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
