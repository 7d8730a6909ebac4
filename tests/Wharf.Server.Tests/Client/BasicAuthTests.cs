using System.Text;
using System.Text.Json.Nodes;
using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Errors;
using Wharf.Server.Tests.Conformance;
using static Wharf.Server.Tests.Client.ClientTestBlobs;

namespace Wharf.Server.Tests.Client;

/// <summary>HTTP Basic against CNCF Distribution's htpasswd: credentials given directly, read from a docker
/// config.json, and kept by a credential helper.</summary>
public sealed class BasicAuthTests(HtpasswdDistributionFixture fixture) : IClassFixture<HtpasswdDistributionFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Host => fixture.Registry.HostPort;

    [Fact]
    public async Task The_right_password_pushes_and_pulls()
    {
        using var client = new RegistryClient(Host, new RegistryClientOptions { Credential = new(HtpasswdDistributionFixture.User, HtpasswdDistributionFixture.Password) });
        await client.PingAsync(Ct);
        await PushAndPullAsync(client);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_that_names_the_user_but_not_the_password()
    {
        using var client = new RegistryClient(Host, new RegistryClientOptions { Credential = new(HtpasswdDistributionFixture.User, "not-the-password") });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync(Ct));

        Assert.Equal(OciErrorCode.Unauthorized, error.Code);
        Assert.Contains($"{Host} refused the credentials of 'alice'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_the_error_says_to_log_in()
    {
        using var client = new RegistryClient(Host);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.FindManifestAsync(Repository("auth/none"), Reference.ForTag("v1"), Ct));

        Assert.Equal(OciErrorCode.Unauthorized, error.Code);
        Assert.Contains($"{Host} requires credentials to pull manifest", error.Message, StringComparison.Ordinal);
        Assert.Contains($"wharf login {Host}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_come_from_a_docker_config_json()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-docker-config-").FullName;
        try
        {
            var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{HtpasswdDistributionFixture.User}:{HtpasswdDistributionFixture.Password}"));
            var config = new JsonObject { ["auths"] = new JsonObject { [Host] = new JsonObject { ["auth"] = auth } } };
            await File.WriteAllTextAsync(Path.Combine(directory, "config.json"), config.ToJsonString(), Ct);

            using var client = new RegistryClient(Host, new RegistryClientOptions { CredentialStore = new DockerCredentials(Path.Combine(directory, "config.json")) });
            await PushAndPullAsync(client);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Credentials_stored_through_a_credential_helper_are_used_and_erased()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-docker-config-").FullName;
        try
        {
            var path = Path.Combine(directory, "config.json");
            var config = new JsonObject { ["credHelpers"] = new JsonObject { [Host] = CredentialHelperScript.Name } };
            await File.WriteAllTextAsync(path, config.ToJsonString(), Ct);
            var credentials = new DockerCredentials(path);

            await credentials.StoreAsync(Host, new RegistryCredential(HtpasswdDistributionFixture.User, HtpasswdDistributionFixture.Password), Ct);

            Assert.Contains(HtpasswdDistributionFixture.Password, CredentialHelperScript.Stored(Host), StringComparison.Ordinal);
            Assert.DoesNotContain(HtpasswdDistributionFixture.Password, await File.ReadAllTextAsync(path, Ct), StringComparison.Ordinal);
            using (var client = new RegistryClient(Host, new RegistryClientOptions { CredentialStore = credentials }))
            {
                await PushAndPullAsync(client);
            }

            Assert.True(await credentials.EraseAsync(Host, Ct));
            Assert.Null(CredentialHelperScript.Stored(Host));
            Assert.Null(await credentials.FindAsync(Host, Ct));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task PushAndPullAsync(RegistryClient client)
    {
        var repository = Repository("auth/basic");
        var config = TestImages.Config();
        var layer = TestImages.Layer(2048);
        foreach (var blob in new[] { config, layer })
        {
            await client.PushBlobAsync(repository, Describe(blob), Opener(blob.Bytes), null, null, Ct);
        }

        var manifest = Content(TestImages.Image(config, [layer]));
        await client.PutManifestAsync(repository, Reference.ForTag("v1"), manifest, Ct);
        Assert.Equal(manifest.Bytes, (await client.FindManifestAsync(repository, Reference.ForTag("v1"), Ct))!.Bytes);
        Assert.Equal(layer.Bytes, await ReadAllAsync(await client.OpenBlobAsync(repository, Describe(layer).Digest, 0, Ct)));
    }
}
