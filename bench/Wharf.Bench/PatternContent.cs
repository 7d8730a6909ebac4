using System.Net;

namespace Wharf.Bench;

/// <summary>An HTTP body of bytes [start, start + count) of a <see cref="PatternSource"/>, with a known length.</summary>
internal sealed class PatternContent : HttpContent
{
    private readonly PatternSource _source;
    private readonly long _start;
    private readonly long _count;

    public PatternContent(PatternSource source, long start, long count)
    {
        _source = source;
        _start = start;
        _count = count;
        Headers.ContentType = new("application/octet-stream");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _source.WriteRangeAsync(stream, _start, _count, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _source.WriteRangeAsync(stream, _start, _count, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _count;
        return true;
    }
}
