using Wharf.Build.Dockerfile;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class ShellWordExpanderTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["v"] = "value",
        ["empty"] = "",
        ["path"] = "/usr/local/lib/file.tar.gz",
        ["spaced"] = "a b",
    };

    private static string Word(string text, char escape = '\\') =>
        new ShellWordExpander(escape, name => Env.GetValueOrDefault(name)).ExpandWord(text);

    [Theory]
    [InlineData("$v", "value")]
    [InlineData("${v}", "value")]
    [InlineData("x${v}y", "xvaluey")]
    [InlineData("$v_x", "")]
    [InlineData("$unset", "")]
    [InlineData("$", "$")]
    [InlineData("a$", "a$")]
    [InlineData("${unset:-word}", "word")]
    [InlineData("${empty:-word}", "word")]
    [InlineData("${empty-word}", "")]
    [InlineData("${unset-word}", "word")]
    [InlineData("${v:-word}", "value")]
    [InlineData("${v:+word}", "word")]
    [InlineData("${empty:+word}", "")]
    [InlineData("${empty+word}", "word")]
    [InlineData("${unset+word}", "")]
    [InlineData("${unset:-$v}", "value")]
    [InlineData("${unset:-\"a b\"}", "a b")]
    public void Substitution_and_its_modifiers(string text, string expected)
    {
        Assert.Equal(expected, Word(text));
    }

    [Theory]
    [InlineData("${path#*/}", "usr/local/lib/file.tar.gz")]
    [InlineData("${path##*/}", "file.tar.gz")]
    [InlineData("${path%.*}", "/usr/local/lib/file.tar")]
    [InlineData("${path%%.*}", "/usr/local/lib/file")]
    [InlineData("${path/lib/share}", "/usr/local/share/file.tar.gz")]
    [InlineData("${path//l/L}", "/usr/LocaL/Lib/fiLe.tar.gz")]
    [InlineData("${path/#\\/usr/X}", "/usr/local/lib/file.tar.gz")]
    [InlineData("${v#?}", "alue")]
    [InlineData("${v%\\*}", "value")]
    public void Pattern_modifiers_that_BuildKit_supports(string text, string expected)
    {
        Assert.Equal(expected, Word(text));
    }

    [Theory]
    [InlineData("'$v'", "$v")]
    [InlineData("\"$v\"", "value")]
    [InlineData("\\$v", "$v")]
    [InlineData("\"\\$v\"", "$v")]
    [InlineData("\"a\\b\"", "a\\b")]
    [InlineData("'a\\b'", "a\\b")]
    [InlineData("Rex\\ The\\ Dog", "Rex The Dog")]
    [InlineData("\"John Doe\"", "John Doe")]
    public void Quotes_and_escapes(string text, string expected)
    {
        Assert.Equal(expected, Word(text));
    }

    [Fact]
    public void A_backtick_escape_escapes_the_dollar_and_leaves_backslashes()
    {
        Assert.Equal("$v c:\\x", Word("`$v c:\\x", '`'));
    }

    [Fact]
    public void Words_split_on_blanks_in_values_but_not_in_quotes()
    {
        var x = new ShellWordExpander('\\', name => Env.GetValueOrDefault(name));
        Assert.Equal(["a", "b", "c"], x.ExpandWords("$spaced c"));
        Assert.Equal(["a b", "c"], x.ExpandWords("\"$spaced\" c"));
    }

    [Theory]
    [InlineData("${v", "syntax error: missing '}'")]
    [InlineData("${}", "syntax error: bad substitution")]
    [InlineData("${v:#x}", "unsupported modifier (:#) in substitution")]
    [InlineData("${v!}", "unsupported modifier (!) in substitution")]
    [InlineData("${unset?}", "unset: is not allowed to be unset")]
    [InlineData("${empty:?must be set}", "empty: must be set")]
    [InlineData("'abc", "unexpected end of statement while looking for matching single-quote")]
    [InlineData("\"abc", "unexpected end of statement while looking for matching double-quote")]
    [InlineData("${v/x", "syntax error: missing '/' in ${}")]
    public void Errors_use_BuildKits_wording(string text, string detail)
    {
        var e = Assert.Throws<FormatException>(() => Word(text));
        Assert.Equal($"failed to process \"{text}\": {detail}", e.Message);
    }
}
