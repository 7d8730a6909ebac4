namespace Wharf.Oci.Tests;

public sealed class ReferenceTests
{
    [Theory]
    [InlineData("latest")]
    [InlineData("1.2.3")]
    [InlineData("_x")]
    [InlineData("v1-rc_2.x")]
    public void Tags_parse_as_tags(string text)
    {
        Assert.True(Reference.TryParse(text, out var reference));
        Assert.Equal(text, reference.Tag);
        Assert.False(reference.IsDigest);
    }

    [Fact]
    public void A_digest_parses_as_a_digest()
    {
        const string digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Assert.True(Reference.TryParse(digest, out var reference));
        Assert.True(reference.IsDigest);
        Assert.Equal(digest, reference.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("-x")]
    [InlineData("a/b")]
    [InlineData("sha256:short")]
    [InlineData("tag with space")]
    [InlineData("v1\n")]
    public void Malformed_references_are_refused(string text)
    {
        Assert.False(Reference.TryParse(text, out _));
    }

    [Fact]
    public void Tags_are_at_most_128_characters()
    {
        Assert.True(Reference.TryParse(new string('a', 128), out _));
        Assert.False(Reference.TryParse(new string('a', 129), out _));
    }
}
