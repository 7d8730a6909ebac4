using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("docker://localhost:5000/team/app:1", "localhost:5000", "team/app", "1")]
    [InlineData("localhost:5000/team/app", "localhost:5000", "team/app", "latest")]
    [InlineData("busybox", "docker.io", "library/busybox", "latest")]
    [InlineData("team/app:2", "docker.io", "team/app", "2")]
    [InlineData("registry.example.net/a/b/c:v1.0", "registry.example.net", "a/b/c", "v1.0")]
    [InlineData("127.0.0.1:5000/app@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", "127.0.0.1:5000", "app", "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")]
    [InlineData("localhost/app:1@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", "localhost", "app", "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")]
    public void Registry_references_are_normalised_as_docker_does(string text, string host, string repository, string reference)
    {
        var parsed = ImageReference.Parse(text);

        Assert.Equal(ImageTransport.Registry, parsed.Transport);
        Assert.Equal(host, parsed.Host);
        Assert.Equal(repository, parsed.Repository!.Value.Value);
        Assert.Equal(reference, parsed.Reference!.Value.ToString());
    }

    [Theory]
    [InlineData("oci:/tmp/layout:v1", ImageTransport.OciLayout, "/tmp/layout", "v1")]
    [InlineData("oci:layout", ImageTransport.OciLayout, "layout", null)]
    [InlineData("oci-archive:/tmp/x.tar:latest", ImageTransport.OciArchive, "/tmp/x.tar", "latest")]
    [InlineData("docker-archive:saved.tar:team/app:1", ImageTransport.DockerArchive, "saved.tar", "team/app:1")]
    [InlineData("docker-archive:saved.tar", ImageTransport.DockerArchive, "saved.tar", null)]
    public void File_references_split_at_the_first_colon_like_skopeo(string text, ImageTransport transport, string path, string? tag)
    {
        var parsed = ImageReference.Parse(text);

        Assert.Equal(transport, parsed.Transport);
        Assert.Equal(path, parsed.Path);
        Assert.Equal(tag, parsed.Tag);
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("docker:localhost/app")]
    [InlineData("localhost:5000/Team/App:1")]
    [InlineData("localhost:5000/app:bad tag")]
    [InlineData("localhost:5000/app@sha256:nothex")]
    [InlineData("oci:")]
    [InlineData("oci:/tmp/layout:")]
    public void Bad_references_are_a_format_error_with_a_message(string text)
    {
        var e = Assert.Throws<FormatException>(() => ImageReference.Parse(text));

        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/arm/v7", "linux", "arm", "v7")]
    public void Platforms_parse(string text, string os, string architecture, string? variant)
    {
        var platform = PlatformMatcher.Parse(text);

        Assert.Equal((os, architecture, variant), (platform.Os, platform.Architecture, platform.Variant));
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("linux//amd64")]
    [InlineData("a/b/c/d")]
    public void Bad_platforms_are_a_format_error(string text) => Assert.Throws<FormatException>(() => PlatformMatcher.Parse(text));
}
