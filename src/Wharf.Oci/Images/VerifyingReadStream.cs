using Wharf.Oci.Errors;

namespace Wharf.Oci.Images;

/// <summary>Reads a blob through, hashing it, and throws DIGEST_INVALID instead of reporting the end when the
/// bytes are not what the descriptor says (wrong digest, too long or too short). A destination writing from this
/// stream therefore sees the failure before it commits anything.</summary>
public sealed class VerifyingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly Descriptor _expected;
    private readonly System.Security.Cryptography.IncrementalHash _hash;
    private readonly HashingReadStream _hashing;
    private readonly IProgress<long>? _progress;

    /// <param name="inner">The bytes as they come.</param>
    /// <param name="expected">What they must be.</param>
    /// <param name="progress">Told the bytes read so far after every read (synchronously), for a progress display.</param>
    public VerifyingReadStream(Stream inner, Descriptor expected, IProgress<long>? progress = null)
    {
        _inner = inner;
        _expected = expected;
        _progress = progress;
        _hash = Digest.CreateHasher(expected.Digest.Algorithm);
        _hashing = new HashingReadStream(inner, _hash);
    }

    /// <summary>Bytes read so far (for progress).</summary>
    public long BytesRead => _hashing.BytesRead;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expected.Size;

    public override long Position
    {
        get => _hashing.BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Check(_hashing.Read(buffer), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Check(await _hashing.ReadAsync(buffer, cancellationToken), buffer.Length);

    private int Check(int n, int requested)
    {
        _progress?.Report(_hashing.BytesRead);
        if (_hashing.BytesRead > _expected.Size)
        {
            throw Mismatch($"more than the {_expected.Size} bytes");
        }

        if (n == 0 && requested > 0)
        {
            if (_hashing.BytesRead < _expected.Size)
            {
                throw Mismatch($"{_hashing.BytesRead} of {_expected.Size} bytes");
            }

            var actual = Digest.FromHash(_expected.Digest.Algorithm, _hash.GetCurrentHash());
            if (actual != _expected.Digest)
            {
                throw Mismatch($"content with digest {actual}");
            }
        }

        return n;
    }

    private RegistryException Mismatch(string what) =>
        new(OciErrorCode.DigestInvalid, $"blob {_expected.Digest}: got {what}");

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
            _hash.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
