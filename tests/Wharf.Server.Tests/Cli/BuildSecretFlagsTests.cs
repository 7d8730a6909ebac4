using Wharf.Cli.Build;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf build --secret</c> read as buildx reads it: a file by <c>src</c>/<c>source</c>, a variable by
/// <c>env</c> (or <c>type=env</c>), and with neither the variable named by the id when it is set, else the file of that
/// name; a later value for an id replaces an earlier one; mistakes in one line that never repeat a value.</summary>
public sealed class BuildSecretFlagsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-secret-flags-").FullName;

    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal) { ["TOKEN_VAR"] = "from-variable", ["npmrc"] = "from-npmrc-variable" };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("id=token,src={file}", "file")]
    [InlineData("id=token,source={file}", "file")]
    [InlineData("id=token,type=file,src={file}", "file")]
    [InlineData("id=token,env=TOKEN_VAR", "from-variable")]
    [InlineData("id=token,type=env,src=TOKEN_VAR", "from-variable")]
    [InlineData("type=env,id=npmrc", "from-npmrc-variable")]
    [InlineData("id=npmrc", "from-npmrc-variable")]
    [InlineData("id={file}", "file")]
    public void A_secret_is_a_file_or_a_variables_value(string flag, string expected)
    {
        var file = Path.Combine(_directory, "token.txt");
        File.WriteAllText(file, "in the file");

        var flags = BuildSecretFlags.Parse([flag.Replace("{file}", file, StringComparison.Ordinal)], _environment.GetValueOrDefault);

        var secret = Assert.Single(flags.Files.Concat(flags.Values));
        Assert.Equal(expected == "file" ? file : expected, secret.Value);
        Assert.Equal(expected == "file", flags.Files.Count == 1);
        Assert.DoesNotContain("from-", flags.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_value_for_an_id_replaces_an_earlier_one()
    {
        var file = Path.Combine(_directory, "token.txt");
        File.WriteAllText(file, "in the file");

        var flags = BuildSecretFlags.Parse([$"id=token,src={file}", "id=token,env=TOKEN_VAR"], _environment.GetValueOrDefault);

        Assert.Empty(flags.Files);
        Assert.Equal("from-variable", flags.Values["token"]);
    }

    [Theory]
    [InlineData("src=/etc/hostname", "--secret src=/etc/hostname: id= is missing")]
    [InlineData("id=token,mode=0400", "--secret id=token,mode=0400: unknown field 'mode' (id, type, src, env)")]
    [InlineData("id=token,type=socket", "--secret id=token,type=socket: type is file or env")]
    [InlineData("id=token,src", "--secret id=token,src: 'src' must be KEY=VALUE (id=ID,src=FILE or id=ID,env=VARIABLE)")]
    [InlineData("id=token,env=UNSET_VAR", "--secret id=token,env=UNSET_VAR: the environment variable UNSET_VAR is not set")]
    [InlineData("id=no-such-file", "--secret id=no-such-file: no-such-file is not a file")]
    public void A_mistake_is_one_line_naming_the_flag(string flag, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => BuildSecretFlags.Parse([flag], _environment.GetValueOrDefault));

        Assert.Equal(message, error.Message);
    }
}
