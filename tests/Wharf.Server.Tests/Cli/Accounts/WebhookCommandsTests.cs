using System.Text.Json.Nodes;
using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Images;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Webhooks;

namespace Wharf.Server.Tests.Cli.Accounts;

/// <summary>The <c>wharf webhook</c> commands against a real Wharf and a real receiver: create (the secret printed once),
/// list, the delivery log, redeliver, disable, delete; and a user who does not administer the repository refused in one
/// line.</summary>
public sealed class WebhookCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrator_registers_a_webhook_reads_its_log_redelivers_and_removes_it()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await using var cli = await AccountsCliServer.StartAsync();
        var admin = await cli.LoginAsync(AccountsCliServer.Admin, AccountsCliServer.AdminPassword);
        const string repository = AccountsCliServer.Admin + "/app";

        var created = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(
            admin, "webhook", "create", repository, "--url", receiver.Url, "--action", "push", "-H", "Authorization: Bearer for-the-receiver", "--json")).StandardOutput)!;
        var id = created["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var secret = created["secret"]!.GetValue<string>();
        await PushAsync(cli, repository);
        var post = Assert.Single(await receiver.WaitAsync(posts => posts.Count > 0));
        var listed = CliAssert.Succeeded(await cli.RunAsync(admin, "webhook", "ls", repository)).StandardOutput;
        var listedJson = CliAssert.Succeeded(await cli.RunAsync(admin, "webhook", "list", repository, "--json")).StandardOutput;
        var log = await WaitForDeliveredAsync(cli, admin, id);
        var delivery = log[0]!["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var table = CliAssert.Succeeded(await cli.RunAsync(admin, "webhook", "deliveries", id)).StandardOutput;

        Assert.True(Signatures.Verify(secret, post.Body, post.Header("X-Wharf-Signature-256")));
        Assert.Equal("Bearer for-the-receiver", post.Header("Authorization"));
        Assert.Equal(["ID", "URL", "ACTIONS", "ENABLED", "HEADERS", "CREATED"], listed.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(listed.Split('\n'), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, var url, "push", "yes", "Authorization", ..] && first == id && url == receiver.Url);
        Assert.DoesNotContain(secret, listed + listedJson, StringComparison.Ordinal);
        Assert.DoesNotContain("for-the-receiver", listed + listedJson, StringComparison.Ordinal);
        Assert.Contains(table.Split('\n'), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var d, "push", repository, "delivered", "1", "204", ..] && d == delivery);

        var redelivered = CliAssert.Succeeded(await cli.RunAsync(admin, "webhook", "redeliver", id, delivery)).StandardOutput;
        await receiver.WaitAsync(posts => posts.Count == 2);
        CliAssert.Succeeded(await cli.RunAsync(admin, "webhook", "disable", id));
        var disabled = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(admin, "webhook", "list", repository, "--json")).StandardOutput)!.AsArray();
        var removed = CliAssert.Succeeded(await cli.RunAsync(admin, "webhook", "rm", id)).StandardOutput;
        var none = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(admin, "webhook", "list", repository, "--json")).StandardOutput)!.AsArray();

        Assert.StartsWith("queued delivery ", redelivered, StringComparison.Ordinal);
        Assert.False(Assert.Single(disabled)!["enabled"]!.GetValue<bool>());
        Assert.Equal($"deleted webhook {id}\n", removed);
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_user_who_does_not_administer_the_repository_is_refused_in_one_line()
    {
        await using var cli = await AccountsCliServer.StartAsync();
        Assert.Equal(AccountChange.Done, await cli.Store.CreateUserAsync("bob", "bob-password-1", Ct));
        var bob = await cli.LoginAsync("bob", "bob-password-1");

        var line = CliAssert.FailedWithOneLine(
            await cli.RunAsync(bob, "webhook", "create", AccountsCliServer.Admin + "/app", "--url", "http://127.0.0.1:9/hook"), "webhook create");
        var badHeader = await cli.RunAsync(bob, "webhook", "create", "bob/app", "--url", "http://127.0.0.1:9/hook", "-H", "no-colon");

        Assert.Contains("denied: only an administrator of 'root/app' can manage its webhooks", line, StringComparison.Ordinal);
        Assert.NotEqual(0, badHeader.ExitCode);
        Assert.Contains("must be 'Name: value'", badHeader.StandardError, StringComparison.Ordinal);
    }

    private static async Task PushAsync(AccountsCliServer cli, string repository)
    {
        using var client = new RegistryClient(cli.Host, new RegistryClientOptions { Credential = new RegistryCredential(AccountsCliServer.Admin, AccountsCliServer.AdminPassword) });
        var name = RepositoryName.Parse(repository);
        var config = TestImages.Config();
        await client.PushBlobAsync(
            name, new Descriptor { MediaType = config.MediaType, Digest = Digest.Parse(config.Digest), Size = config.Size },
            (offset, _) => Task.FromResult<Stream>(new MemoryStream(config.Bytes[(int)offset..])), null, null, Ct);
        var manifest = TestImages.Image(config, []);
        await client.PutManifestAsync(name, Reference.ForTag("1"), new ManifestContent(manifest.Bytes, manifest.MediaType), Ct);
    }

    private static async Task<JsonArray> WaitForDeliveredAsync(AccountsCliServer cli, string config, string id)
    {
        for (var i = 0; ; i++)
        {
            var log = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(config, "webhook", "deliveries", id, "--json")).StandardOutput)!.AsArray();
            if (log.Count > 0 && log[0]!["state"]!.GetValue<string>() == "delivered")
            {
                return log;
            }

            Assert.True(i < 100, "the delivery was not logged as delivered");
            await Task.Delay(100, Ct);
        }
    }
}
