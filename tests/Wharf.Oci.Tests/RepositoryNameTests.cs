namespace Wharf.Oci.Tests;

public sealed class RepositoryNameTests
{
    [Theory]
    [InlineData("app")]
    [InlineData("team/app")]
    [InlineData("a/b/c/d")]
    [InlineData("my-app")]
    [InlineData("my--app")]
    [InlineData("my_app")]
    [InlineData("my__app")]
    [InlineData("my.app")]
    [InlineData("0")]
    [InlineData("library/ubuntu-22.04")]
    public void Accepts_names_of_the_spec_grammar(string name)
    {
        Assert.True(RepositoryName.TryParse(name, out var parsed));
        Assert.Equal(name, parsed.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc\n")] // a regex `$` would accept a trailing newline
    [InlineData("App")]
    [InlineData("-app")]
    [InlineData("app-")]
    [InlineData("a//b")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("a___b")]
    [InlineData("a..b")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a%2fb")]
    public void Refuses_names_outside_the_grammar(string name)
    {
        Assert.False(RepositoryName.TryParse(name, out _));
    }

    [Fact]
    public void Refuses_names_longer_than_255_characters()
    {
        Assert.True(RepositoryName.TryParse(new string('a', 255), out _));
        Assert.False(RepositoryName.TryParse(new string('a', 256), out _));
    }

    [Fact]
    public void Namespace_is_the_first_component()
    {
        Assert.Equal("team", RepositoryName.Parse("team/app/x").Namespace);
    }
}
