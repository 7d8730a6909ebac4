namespace Wharf.Build.Tests.Building;

/// <summary>The name an ADD of a URL gives its file in a destination directory, as BuildKit's Dockerfile frontend
/// gives it: the decoded path's last element (trailing slashes dropped), <c>__unnamed__</c> without one, and never a
/// Content-Disposition filename (the frontend always names the file itself).</summary>
public sealed class AddUrlNameTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData("https://example.com/files/thing.txt", "thing.txt")]
    [InlineData("https://example.com/files/thing.txt?version=2#part", "thing.txt")]
    [InlineData("https://example.com/dir/", "dir")]
    [InlineData("https://example.com/dir//", "dir")]
    [InlineData("https://example.com/", "__unnamed__")]
    [InlineData("https://example.com", "__unnamed__")]
    [InlineData("https://example.com?name=x.txt", "__unnamed__")]
    [InlineData("https://example.com/a%20b.txt", "a b.txt")]
    [InlineData("https://example.com/a%2Fb.txt", "b.txt")]
    [InlineData("https://example.com/x/%2E%2E", "download")]
    [InlineData("https://example.com/x/%01name", "download")]
    [InlineData("https://example.com/x/%0Aname%20", "name")]
    [InlineData("https://example.com/%zz", "__unnamed__")]
    public void The_name_is_the_paths_last_element_else_unnamed(string url, string name) =>
        Assert.Equal(name, Steps.UrlFileName.Of(url));

    [Fact]
    public async Task A_url_without_a_file_name_lands_as_unnamed_whatever_content_disposition_says()
    {
        using var root = new OneShotHttpServer("root page"u8.ToArray(), "Content-Disposition: attachment; filename=\"offered.txt\"");
        using var directory = new OneShotHttpServer("directory page"u8.ToArray());
        var context = _workspace.Context("url-names", $"FROM scratch\nADD {root.Url("")} /dl/\nADD {directory.Url("releases/latest/")} /dl/\n");

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(["dl", "dl/__unnamed__", "dl/latest"], tree.Files.Keys);
        Assert.Equal("root page", await RunStepTests.ReadFileAsync(result, "dl/__unnamed__"));
        Assert.Equal("directory page", await RunStepTests.ReadFileAsync(result, "dl/latest"));
    }
}
