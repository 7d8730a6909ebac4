using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Images;

public sealed class VerifyingReadStreamTests
{
    private static readonly byte[] Content = "some blob bytes"u8.ToArray();

    public static TheoryData<byte[]> WrongContents() => new()
    {
        "some blob byteX"u8.ToArray(), // same size, other bytes
        "some blob"u8.ToArray(),       // too short
        "some blob bytes!!"u8.ToArray(), // too long
    };

    [Fact]
    public async Task The_right_bytes_read_through()
    {
        await using var stream = new VerifyingReadStream(new MemoryStream(Content), Describe(Content));
        using var copy = new MemoryStream();

        await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);

        Assert.Equal(Content, copy.ToArray());
    }

    [Theory]
    [MemberData(nameof(WrongContents))]
    public async Task Wrong_bytes_throw_digest_invalid_before_the_end_is_reported(byte[] actual)
    {
        await using var stream = new VerifyingReadStream(new MemoryStream(actual), Describe(Content));

        var e = await Assert.ThrowsAsync<RegistryException>(() => stream.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));

        Assert.Equal(OciErrorCode.DigestInvalid, e.Code);
    }

    private static Descriptor Describe(byte[] content) =>
        new() { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute(content), Size = content.Length };
}
