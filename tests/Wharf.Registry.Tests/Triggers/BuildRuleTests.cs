using Wharf.Registry.Triggers;

namespace Wharf.Registry.Tests.Triggers;

/// <summary>Build rules as Docker Hub documents them: a name or /regex/ source, a tag template with {sourceref},
/// {\1}…{\9}, {sha} and {shortsha}.</summary>
public sealed class BuildRuleTests
{
    private const string Commit = "3f2c1e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";

    [Theory]
    [InlineData("branch", "main", "latest", "refs/heads/main", "latest")]
    [InlineData("tag", "/^v([0-9.]+)$/", "{\\1}", "refs/tags/v1.4.2", "1.4.2")]
    [InlineData("branch", "/^release-(.*)$/", "rc-{\\1}", "refs/heads/release-2.0", "rc-2.0")]
    [InlineData("branch", "/.*/", "{sourceref}", "refs/heads/feature/login", "feature-login")]
    [InlineData("branch", "main", "main-{shortsha}", "refs/heads/main", "main-3f2c1e9")]
    [InlineData("tag", "/^(\\d+)\\.(\\d+)\\.(\\d+)$/", "{\\1}.{\\2}", "refs/tags/10.2.7", "10.2")]
    public void A_matching_ref_gets_the_templates_tag(string kind, string source, string template, string fullRef, string expected)
    {
        var rule = Rule(kind, source, template);

        Assert.Equal(expected, rule.TagFor(GitRef.Parse(fullRef)!, Commit, out var reason));
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("branch", "main", "refs/heads/mainline")] // a name is matched whole
    [InlineData("branch", "main", "refs/tags/main")] // a tag is not a branch
    [InlineData("tag", "/^v[0-9]+$/", "refs/tags/v1.2")]
    public void Other_refs_get_nothing(string kind, string source, string fullRef)
    {
        Assert.Null(Rule(kind, source, "latest").TagFor(GitRef.Parse(fullRef)!, Commit, out var reason));
        Assert.Null(reason);
    }

    [Fact]
    public void A_template_that_makes_no_valid_tag_says_so()
    {
        var rule = Rule("branch", "/^(.*)$/", "{\\1}");

        Assert.Null(rule.TagFor(GitRef.Parse("refs/heads/-x")!, Commit, out var reason));
        Assert.Equal("{\\1} gives \"-x\" for -x, which is not a valid tag", reason);
    }

    [Theory]
    [InlineData("main", "{\\1}", "uses {\\1}, but its source main is a name, not a /regex/ with groups")]
    [InlineData("main", "{branch}", "has an unknown field {branch}")]
    [InlineData("main", "v{sha", "has a '{' without its '}'")]
    [InlineData("/(/", "latest", "is not a valid regular expression")]
    [InlineData("", "latest", "a build rule needs a source")]
    public void A_bad_rule_is_refused_in_one_line(string source, string template, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Rule("branch", source, template));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_pathological_expression_times_out_and_matches_nothing()
    {
        var rule = Rule("branch", "/^(a+)+$/", "x");

        Assert.Null(rule.TagFor(new GitRef(RefKind.Branch, new string('a', 40) + "!"), Commit, out _));
    }

    [Fact]
    public void The_default_rule_builds_the_default_branch_as_latest()
    {
        var rule = BuildRule.DefaultBranch("trunk");

        Assert.Equal("latest", rule.TagFor(GitRef.Parse("refs/heads/trunk")!, Commit, out _));
        Assert.Null(rule.TagFor(GitRef.Parse("refs/heads/main")!, Commit, out _));
    }

    private static BuildRule Rule(string kind, string source, string template)
    {
        var parsed = RuleSource.Parse(source);
        return new BuildRule(kind == "tag" ? RefKind.Tag : RefKind.Branch, parsed, TagTemplate.Parse(template, parsed));
    }
}
