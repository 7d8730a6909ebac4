using System.Text;
using System.Text.Json.Nodes;
using Wharf.Oci.Client;

namespace Wharf.Server.Tests.Client;

/// <summary>docker's config.json, read and written as docker does, in a temporary DOCKER_CONFIG-style directory.</summary>
public sealed class DockerCredentialsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-docker-config-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigPath => Path.Combine(_directory, "config.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private async Task<DockerCredentials> WithConfigAsync(string json)
    {
        await File.WriteAllTextAsync(ConfigPath, json, Ct);
        return new DockerCredentials(ConfigPath);
    }

    [Fact]
    public async Task Entries_are_read_in_every_form_docker_writes()
    {
        var credentials = await WithConfigAsync($$"""
            {
              "auths": {
                "registry.example:5000": { "auth": "{{Base64("ann:pa:ss")}}" },
                "fields.example": { "username": "ben", "password": "pw" },
                "https://legacy.example/v1/": { "auth": "{{Base64("cid:legacy")}}" },
                "token.example": { "auth": "{{Base64("dan:")}}", "identitytoken": "refresh-me" },
                "helper-kept.example": {},
                "https://index.docker.io/v1/": { "auth": "{{Base64("hub:hubpw")}}" }
              }
            }
            """);

        Assert.Equal(new RegistryCredential("ann", "pa:ss"), await credentials.FindAsync("registry.example:5000", Ct));
        Assert.Equal(new RegistryCredential("ben", "pw"), await credentials.FindAsync("fields.example", Ct));
        Assert.Equal(new RegistryCredential("cid", "legacy"), await credentials.FindAsync("legacy.example", Ct));
        Assert.Equal("refresh-me", (await credentials.FindAsync("token.example", Ct))!.IdentityToken);
        Assert.Equal(new RegistryCredential("hub", "hubpw"), await credentials.FindAsync("docker.io", Ct));
        Assert.Null(await credentials.FindAsync("helper-kept.example", Ct));
        Assert.Null(await credentials.FindAsync("registry.example", Ct)); // another port is another registry
        Assert.Null(await new DockerCredentials(Path.Combine(_directory, "absent.json")).FindAsync("registry.example:5000", Ct));
    }

    [Fact]
    public async Task Store_and_erase_keep_every_other_key_and_write_a_private_file()
    {
        var credentials = await WithConfigAsync("""
            {
              "auths": { "other.example": { "auth": "b3RoZXI6b3RoZXI=" } },
              "psFormat": "table {{.ID}}",
              "proxies": { "default": { "httpProxy": "http://proxy.example:3128" } },
              "credHelpers": { "elsewhere.example": "ecr-login" }
            }
            """);

        await credentials.StoreAsync("127.0.0.1:5000", new RegistryCredential("eve", "secret"), Ct);

        var config = JsonNode.Parse(await File.ReadAllTextAsync(ConfigPath, Ct))!.AsObject();
        Assert.Equal(Base64("eve:secret"), (string?)config["auths"]!["127.0.0.1:5000"]!["auth"]);
        Assert.Equal("b3RoZXI6b3RoZXI=", (string?)config["auths"]!["other.example"]!["auth"]);
        Assert.Equal("table {{.ID}}", (string?)config["psFormat"]);
        Assert.Equal("http://proxy.example:3128", (string?)config["proxies"]!["default"]!["httpProxy"]);
        Assert.Equal("ecr-login", (string?)config["credHelpers"]!["elsewhere.example"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        }

        Assert.Equal(["config.json"], Directory.GetFiles(_directory).Select(Path.GetFileName)); // no temporary left behind
        Assert.Equal(new RegistryCredential("eve", "secret"), await credentials.FindAsync("127.0.0.1:5000", Ct));

        Assert.True(await credentials.EraseAsync("127.0.0.1:5000", Ct));
        Assert.False(await credentials.EraseAsync("127.0.0.1:5000", Ct));
        config = JsonNode.Parse(await File.ReadAllTextAsync(ConfigPath, Ct))!.AsObject();
        Assert.False(config["auths"]!.AsObject().ContainsKey("127.0.0.1:5000"));
        Assert.Equal("table {{.ID}}", (string?)config["psFormat"]);
    }

    [Fact]
    public async Task A_first_login_creates_the_directory_and_the_file()
    {
        var credentials = new DockerCredentials(Path.Combine(_directory, "new", "config.json"));

        await credentials.StoreAsync("docker.io", new RegistryCredential("hub", "pw"), Ct);

        var config = JsonNode.Parse(await File.ReadAllTextAsync(credentials.ConfigPath, Ct))!.AsObject();
        Assert.Equal(Base64("hub:pw"), (string?)config["auths"]![DockerCredentials.DockerHubKey]!["auth"]);
    }

    [Fact]
    public async Task A_creds_store_keeps_the_secret_and_the_file_only_an_empty_entry()
    {
        var host = $"helper-{Guid.NewGuid():N}.example:5000";
        var credentials = await WithConfigAsync($$"""{ "credsStore": "{{CredentialHelperScript.Name}}", "auths": {} }""");

        await credentials.StoreAsync(host, new RegistryCredential("fay", "kept-by-helper"), Ct);
        await credentials.StoreAsync("tok-" + host, new RegistryCredential("", "") { IdentityToken = "refresh-token" }, Ct);

        var stored = JsonNode.Parse(CredentialHelperScript.Stored(host)!)!;
        Assert.Equal((host, "fay", "kept-by-helper"), ((string?)stored["ServerURL"], (string?)stored["Username"], (string?)stored["Secret"]));
        var file = await File.ReadAllTextAsync(ConfigPath, Ct);
        Assert.DoesNotContain("kept-by-helper", file, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(file)!["auths"]![host]!.AsObject());
        Assert.Equal(new RegistryCredential("fay", "kept-by-helper"), await credentials.FindAsync(host, Ct));
        Assert.Equal("refresh-token", (await credentials.FindAsync("tok-" + host, Ct))!.IdentityToken);

        Assert.True(await credentials.EraseAsync(host, Ct));
        Assert.Null(await credentials.FindAsync(host, Ct));
    }

    [Fact]
    public async Task A_missing_helper_is_a_clear_error()
    {
        var credentials = await WithConfigAsync("""{ "credsStore": "wharf-no-such-helper" }""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => credentials.FindAsync("registry.example", Ct));

        Assert.Contains("docker-credential-wharf-no-such-helper is not on PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_never_shows_its_secret()
    {
        var credential = new RegistryCredential("gus", "hunter2") { IdentityToken = "tok" };

        Assert.DoesNotContain("hunter2", credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok", credential.ToString().Replace("token", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
