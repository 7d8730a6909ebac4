using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Conformance;

/// <summary>A blob the tests push: its bytes, its sha256 digest and the media type a descriptor gives it.</summary>
internal sealed record TestBlob(byte[] Bytes, string MediaType)
{
    public string Digest { get; } = TestImages.Sha256(Bytes);

    public long Size => Bytes.Length;

    public JsonObject Descriptor() => TestImages.Descriptor(MediaType, Digest, Size);
}
