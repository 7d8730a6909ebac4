using Wharf.Build.Context;

namespace Wharf.Build.Tests.Context;

public sealed class DockerignoreMatcherTests
{
    private const string ReferenceExample = """
        # comment
        */temp*
        */*/temp*
        temp?
        """;

    [Theory]
    [InlineData("somedir/temporary.txt", true)]
    [InlineData("somedir/temp", true)]
    [InlineData("somedir/temp/inside.txt", true)]
    [InlineData("somedir/subdir/temporary.txt", true)]
    [InlineData("tempa", true)]
    [InlineData("tempab", false)]
    [InlineData("temporary.txt", false)]
    [InlineData("a/b/c/temp", false)]
    public void The_references_example(string path, bool excluded)
    {
        Assert.Equal(excluded, DockerignoreMatcher.Parse(ReferenceExample).IsExcluded(path));
    }

    [Theory]
    [InlineData("main.go", true)]
    [InlineData("cmd/app/main.go", true)]
    [InlineData("main.go.txt", false)]
    public void Double_star_matches_any_number_of_directories(string path, bool excluded)
    {
        Assert.Equal(excluded, DockerignoreMatcher.Parse("**/*.go").IsExcluded(path));
    }

    [Fact]
    public void Trailing_double_star_matches_everything_below()
    {
        var matcher = DockerignoreMatcher.Parse("build/**");
        Assert.True(matcher.IsExcluded("build/a/b.o"));
        Assert.False(matcher.IsExcluded("src/build.c"));
    }

    [Fact]
    public void An_exception_re_includes_and_the_last_rule_wins()
    {
        var readme = DockerignoreMatcher.Parse("*.md\n!README.md");
        Assert.True(readme.IsExcluded("CHANGES.md"));
        Assert.False(readme.IsExcluded("README.md"));

        var secretLast = DockerignoreMatcher.Parse("*.md\n!README*.md\nREADME-secret.md");
        Assert.True(secretLast.IsExcluded("README-secret.md"));
        Assert.False(secretLast.IsExcluded("README-public.md"));

        var exceptionLast = DockerignoreMatcher.Parse("*.md\nREADME-secret.md\n!README*.md");
        Assert.False(exceptionLast.IsExcluded("README-secret.md"));
    }

    [Fact]
    public void Excluding_a_directory_excludes_its_contents_unless_an_exception_says_otherwise()
    {
        var matcher = DockerignoreMatcher.Parse("node_modules\n!node_modules/keep.js");
        Assert.True(matcher.IsExcluded("node_modules/a/b.js"));
        Assert.False(matcher.IsExcluded("node_modules/keep.js"));
    }

    [Theory]
    [InlineData("/secret")]
    [InlineData("./secret")]
    [InlineData("secret/")]
    [InlineData("  secret  ")]
    [InlineData("a/../secret")]
    public void Leading_and_trailing_slashes_and_dots_are_cleaned(string rule)
    {
        var matcher = DockerignoreMatcher.Parse(rule);
        Assert.True(matcher.IsExcluded("secret"));
        Assert.True(matcher.IsExcluded("./secret/key"));
    }

    [Fact]
    public void Comments_blank_lines_and_CRLF_are_ignored()
    {
        var matcher = DockerignoreMatcher.Parse("# *.txt\r\n\r\n*.log\r\n");
        Assert.Equal(["*.log"], matcher.Patterns.Select(p => p.Pattern));
        Assert.False(matcher.IsExcluded("a.txt"));
        Assert.True(matcher.IsExcluded("a.log"));
    }

    [Theory]
    [InlineData("file[0-9].txt", "file3.txt", true)]
    [InlineData("file[0-9].txt", "filex.txt", false)]
    [InlineData("file[^0-9].txt", "filex.txt", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("*", "dir/file", true)]
    [InlineData("*.txt", "dir/file.txt", false)]
    public void Go_filepath_match_syntax(string rule, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerignoreMatcher.Parse(rule).IsExcluded(path));
    }

    [Fact]
    public void An_empty_file_excludes_nothing()
    {
        Assert.False(DockerignoreMatcher.Parse("").IsExcluded("anything"));
    }
}
