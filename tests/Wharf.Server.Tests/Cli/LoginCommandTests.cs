using System.Text;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Client;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf login/logout</c> against CNCF Distribution with htpasswd, and what the stored credentials then
/// open: copies, listings, inspection. Credentials live in a private DOCKER_CONFIG, as docker keeps them.</summary>
public sealed class LoginCommandTests(HtpasswdDistributionFixture distribution) : IClassFixture<HtpasswdDistributionFixture>, IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("wharf-docker-config-").FullName;

    private string Host => distribution.Registry.HostPort;

    private Dictionary<string, string> Environment => new() { ["DOCKER_CONFIG"] = _config };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    [Fact]
    public async Task Login_stores_what_docker_stores_and_the_credentials_open_copy_tags_and_inspect_until_logout()
    {
        await using var wharf = await WharfServer.StartAsync();
        var image = await new OciTestClient(wharf.Client).PushImageAsync("team/app", "1");

        var login = await WharfAsync(["login", Host, "-u", HtpasswdDistributionFixture.User, "--password-stdin"], HtpasswdDistributionFixture.Password + "\n");
        Assert.True(login.ExitCode == 0, login.Describe());
        var copy = await WharfAsync(["copy", $"{wharf.HostPort}/team/app:1", $"{Host}/team/app:1"]);
        Assert.True(copy.ExitCode == 0, copy.Describe());
        var tags = await WharfAsync(["tags", $"{Host}/team/app"]);
        Assert.True(tags.ExitCode == 0, tags.Describe());
        var inspected = await WharfAsync(["inspect", "--json", $"{Host}/team/app:1"]);
        Assert.True(inspected.ExitCode == 0, inspected.Describe());
        var inspect = JsonNode.Parse(inspected.StandardOutput)!;
        var logout = await WharfAsync(["logout", Host]);
        var refused = await WharfAsync(["tags", $"{Host}/team/app"]);

        Assert.Equal((0, "Login Succeeded\n"), (login.ExitCode, login.StandardOutput));
        var auth = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_config, "config.json"), Ct))!["auths"]?[Host]?["auth"];
        Assert.Null(auth); // erased by the logout
        Assert.Equal("1\n", tags.StandardOutput);
        Assert.Equal(image.Manifest.Digest, inspect["digest"]!.GetValue<string>());
        Assert.Equal($"Removed login credentials for {Host}\n", logout.StandardOutput);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("wharf login", refused.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_writes_docker_auths_entry_and_a_wrong_password_is_one_line_that_never_shows_it()
    {
        var ok = await WharfAsync(["login", Host, "--username", HtpasswdDistributionFixture.User, "--password", HtpasswdDistributionFixture.Password]);
        var wrong = await WharfAsync(["login", Host, "-u", HtpasswdDistributionFixture.User, "--password-stdin"], "not-the-password-42\n");
        var noTerminal = await WharfAsync(["login", Host]);

        Assert.Equal(0, ok.ExitCode);
        var entry = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_config, "config.json"), Ct))!["auths"]![Host]!;
        Assert.Equal($"{HtpasswdDistributionFixture.User}:{HtpasswdDistributionFixture.Password}", Encoding.UTF8.GetString(Convert.FromBase64String(entry["auth"]!.GetValue<string>())));
        Assert.Equal(1, wrong.ExitCode);
        var line = Assert.Single(wrong.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("wharf login: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", wrong.Output, StringComparison.Ordinal);
        Assert.Equal(1, noTerminal.ExitCode);
        Assert.Contains("--username", noTerminal.StandardError, StringComparison.Ordinal);
    }

    private Task<ToolResult> WharfAsync(string[] arguments, string? input = null) => WharfCli.RunAsync(arguments, Environment, input, Ct);
}
