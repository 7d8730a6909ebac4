using System.Net;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;

namespace Wharf.Server.Tests.Triggers;

/// <summary>Triggers on a private remote (a real git host on loopback that wants a token): without a credential the
/// build fails naming the remote and nothing secret; with the trigger's token, a webhook's build, polling and "build
/// now" all reach it; the token is in no API answer, build log or server log line. Builds of pushes that did not say
/// get COMMIT_MSG and SOURCE_COMMIT from the fetched commit, and a polled <c>[skip build]</c> builds nothing.</summary>
public sealed class PrivateRemoteTriggerTests(PrivateRemoteFixture fixture) : IClassFixture<PrivateRemoteFixture>
{
    private BuildsServer Builds => fixture.Server;

    private HttpClient Client => Builds.Api.Server.Client;

    private string Token => fixture.Token;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_credential_the_build_fails_naming_the_remote_and_with_the_token_a_generic_push_builds()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var (git, url) = fixture.NewRepository();
        var commit = await git.CommitAsync("first of the private", ("Dockerfile", "LOG private\nARG COMMIT_MSG\nARG SOURCE_COMMIT"), ("app.txt", "v1"));
        var withUser = url.Replace("http://", "http://someone:not-the-token@", StringComparison.Ordinal);
        var (without, withoutSecret) = await CreateAsync(alice, $"{alice.Name}/open", withUser, credential: null, rules: Latest);
        var (with, secret) = await CreateAsync(alice, $"{alice.Name}/app", url, $$"""{"token":"{{Token}}"}""", rules: null); // its default branch is asked with the token

        var failed = await PushAsync(alice, without, withoutSecret);
        var built = await PushAsync(alice, with, secret);

        Assert.Equal("failed", failed["state"]!.GetValue<string>());
        var error = failed["error"]!.GetValue<string>();
        Assert.Contains($"git fetch of {url.Replace("http://", "http://***@", StringComparison.Ordinal)} failed", error, StringComparison.Ordinal);
        Assert.Contains("the remote asks for credentials", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", error, StringComparison.Ordinal);
        Assert.Equal("succeeded", built["state"]!.GetValue<string>());
        Assert.Equal(commit, built["git"]!["commit"]!.GetValue<string>());
        Assert.Equal("v1", (await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "latest"))["app.txt"]);
        var log = await Builds.LogAsync(alice, built["id"]!.GetValue<long>());
        Assert.Contains($"fetching {url} at refs/heads/main with a token (user x-access-token)", log, StringComparison.Ordinal);
        Assert.Contains("COMMIT_MSG=first of the private\n", log, StringComparison.Ordinal); // the generic push carried no message
        Assert.Contains($"SOURCE_COMMIT={commit}\n", log, StringComparison.Ordinal); // nor the commit
        var shown = await Builds.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/triggers/{with}", alice, HttpStatusCode.OK);
        var listed = await Builds.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/triggers?repository={alice.Name}/app", alice, HttpStatusCode.OK);
        Assert.True(JsonNode.Parse(shown)!["hasCredential"]!.GetValue<bool>());
        Assert.DoesNotContain("not-the-token", await Builds.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/triggers/{without}", alice, HttpStatusCode.OK), StringComparison.Ordinal);
        AssertNowhere(shown, listed, log, await Builds.LogAsync(alice, failed["id"]!.GetValue<long>()), failed.ToJsonString(), built.ToJsonString());
    }

    [Fact]
    public async Task Polling_and_build_now_reach_the_private_remote_and_a_polled_skip_build_builds_nothing()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var (git, url) = fixture.NewRepository();
        await git.CommitAsync("first", ("Dockerfile", "LOG polled\nARG COMMIT_MSG"));
        var body = $$$"""{"repository":"{{{alice.Name}}}/app","gitUrl":"{{{url}}}","pollIntervalSeconds":1,"rules":{{{Latest}}},"credential":{"token":"{{{Token}}}","username":"wharf"}}""";
        var created = await Builds.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", alice, body, HttpStatusCode.Created);
        var trigger = created["trigger"]!["id"]!.GetValue<long>();
        await WaitForBuildsAsync(alice, 0, polled: trigger);

        var second = await git.CommitAsync("second", ("app.txt", "2"));
        var polled = await Builds.WaitAsync(alice, (await WaitForBuildsAsync(alice, 1))[0].Id);
        var skip = await git.CommitAsync("docs only [skip build]", ("README", "words"));
        var skipped = await Builds.WaitAsync(alice, (await WaitForBuildsAsync(alice, 2))[0].Id);
        var afterSkip = await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "latest");
        var now = await Builds.Api.JsonAsync(HttpMethod.Post, $"/api/v1/triggers/{trigger}/builds", alice, """{"ref":"main"}""", HttpStatusCode.Accepted);
        var manual = await Builds.WaitAsync(alice, now[0]!["buildId"]!.GetValue<long>());

        Assert.Equal(("succeeded", "poll", second), (polled["state"]!.GetValue<string>(), polled["reason"]!.GetValue<string>(), polled["git"]!["commit"]!.GetValue<string>()));
        Assert.Contains("with a token (user wharf)", await Builds.LogAsync(alice, polled["id"]!.GetValue<long>()), StringComparison.Ordinal);
        Assert.Contains("COMMIT_MSG=second\n", await Builds.LogAsync(alice, polled["id"]!.GetValue<long>()), StringComparison.Ordinal);
        Assert.Equal("cancelled", skipped["state"]!.GetValue<string>());
        Assert.Equal($"commit {skip[..12]}'s message says [skip build]: nothing is built or pushed", skipped["error"]!.GetValue<string>());
        Assert.Null(skipped["manifestDigest"]);
        Assert.False(afterSkip.ContainsKey("README")); // latest is still the polled build's image
        var skippedLog = await Builds.LogAsync(alice, skipped["id"]!.GetValue<long>());
        Assert.EndsWith($"skipped: commit {skip[..12]}'s message says [skip build]: nothing is built or pushed\n", skippedLog, StringComparison.Ordinal);
        Assert.DoesNotContain("Step 1/", skippedLog, StringComparison.Ordinal);
        var state = await Builds.Api.JsonAsync(HttpMethod.Get, $"/api/v1/triggers/{trigger}", alice, null);
        Assert.Equal(0, state["consecutiveFailures"]!.GetValue<int>()); // a skip is not a failure
        Assert.Equal(("succeeded", "manual", skip), (manual["state"]!.GetValue<string>(), manual["reason"]!.GetValue<string>(), manual["git"]!["commit"]!.GetValue<string>()));
        Assert.Equal("words", (await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "latest"))["README"]); // build now builds it anyway
        AssertNowhere(created.ToJsonString(), state.ToJsonString(), skippedLog, await Builds.LogAsync(alice, manual["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task The_credential_is_set_and_removed_by_an_admin_and_builds_follow_it()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var bob = await Builds.Api.NewUserAsync("bob");
        var (git, url) = fixture.NewRepository();
        await git.CommitAsync("first", ("Dockerfile", "LOG x"));
        var (trigger, _) = await CreateAsync(alice, $"{alice.Name}/app", url, credential: null, rules: Latest, poll: 1);
        var path = $"/api/v1/triggers/{trigger}/credential";
        await WaitForLogAsync($"polling trigger {trigger}: git ls-remote of {url} failed: "); // polled without it meanwhile
        var put = $$"""{"token":"{{Token}}"}""";

        await Builds.Api.ExpectAsync(HttpMethod.Put, path, null, HttpStatusCode.Unauthorized, put);
        await Builds.Api.ExpectAsync(HttpMethod.Put, path, bob, HttpStatusCode.NotFound, put);
        var set = await Builds.Api.ExpectAsync(HttpMethod.Put, path, alice, HttpStatusCode.OK, put);
        var withToken = await BuildNowAsync(alice, trigger);
        var removed = await Builds.Api.ExpectAsync(HttpMethod.Delete, path, alice, HttpStatusCode.OK);
        var withoutToken = await BuildNowAsync(alice, trigger);

        Assert.True(JsonNode.Parse(set)!["hasCredential"]!.GetValue<bool>());
        Assert.Equal("succeeded", withToken["state"]!.GetValue<string>());
        Assert.False(JsonNode.Parse(removed)!["hasCredential"]!.GetValue<bool>());
        Assert.Equal("failed", withoutToken["state"]!.GetValue<string>());
        Assert.Contains("the remote asks for credentials", withoutToken["error"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertNowhere(set, removed);
    }

    [Theory]
    [InlineData("""{}""", "give one of token and sshKey")]
    [InlineData("""{"token":"a","sshKey":"b"}""", "give one of token and sshKey")]
    [InlineData("""{"token":"two words"}""", "credential.token must be 1 to 4096 characters without spaces")]
    [InlineData("""{"token":"t","username":"a:b"}""", "credential.username must be 1 to 256 characters without ':'")]
    [InlineData("""{"sshKey":"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"}""", "an sshKey is for an ssh remote")]
    [InlineData("""{"token":"t","password":"p"}""", "the body is not valid JSON for this request")]
    [InlineData("""{"token":12345}""", "the body is not valid JSON for this request")]
    public async Task A_bad_credential_is_a_problem_of_one_line_that_does_not_repeat_it(string credential, string expected)
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var (_, url) = fixture.NewRepository();
        var (trigger, _) = await CreateAsync(alice, $"{alice.Name}/app", url, credential: null, rules: Latest);

        var created = await Builds.Api.ExpectAsync(HttpMethod.Post, "/api/v1/triggers", alice, HttpStatusCode.BadRequest,
            $$"""{"repository":"{{alice.Name}}/app","gitUrl":"{{url}}","rules":{{Latest}},"credential":{{credential}}}""");
        var put = await Builds.Api.ExpectAsync(HttpMethod.Put, $"/api/v1/triggers/{trigger}/credential", alice, HttpStatusCode.BadRequest, credential);

        foreach (var problem in new[] { created, put })
        {
            var detail = JsonNode.Parse(problem)!["detail"]!.GetValue<string>();
            Assert.Contains(expected, detail, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', detail);
            Assert.DoesNotContain("two words", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("12345", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_credential_of_the_wrong_kind_for_the_remote_is_refused_and_an_ssh_key_is_taken_for_an_ssh_remote()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var key = await SshKeys.GenerateAsync(passphrase: null, Ct);
        var locked = await SshKeys.GenerateAsync(passphrase: "a passphrase", Ct);
        const string ssh = "ssh://git@127.0.0.1:1/team/app.git";

        var token = await CreateProblemAsync(alice, ssh, $$"""{"token":"{{Token}}"}""");
        var file = await CreateProblemAsync(alice, "file:///srv/git/app", $$"""{"token":"{{Token}}"}""");
        var passphrase = await CreateProblemAsync(alice, ssh, new JsonObject { ["sshKey"] = locked }.ToJsonString());
        var notAKey = await CreateProblemAsync(alice, ssh, """{"sshKey":"ssh-ed25519 AAAAC3Nza… a public key"}""");
        var (trigger, _) = await CreateAsync(alice, $"{alice.Name}/app", ssh, new JsonObject { ["sshKey"] = key }.ToJsonString(), Latest);

        Assert.Contains("a token is for an https:// remote; ssh://***@127.0.0.1:1/team/app.git takes an sshKey", token, StringComparison.Ordinal);
        Assert.Contains("takes no credential", file, StringComparison.Ordinal);
        Assert.Contains("credential.sshKey has a passphrase", passphrase, StringComparison.Ordinal);
        Assert.Contains("credential.sshKey must be a private key as ssh-keygen writes it", notAKey, StringComparison.Ordinal);
        var shown = await Builds.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/triggers/{trigger}", alice, HttpStatusCode.OK);
        Assert.True(JsonNode.Parse(shown)!["hasCredential"]!.GetValue<bool>());
        Assert.DoesNotContain("PRIVATE KEY", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", fixture.LogText, StringComparison.Ordinal);
    }

    private const string Latest = """[{"kind":"branch","source":"main","tag":"latest"}]""";

    /// <summary>The token, and the Basic header value it goes as, are in none of these texts nor in the server's log.</summary>
    private void AssertNowhere(params string[] texts)
    {
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{Token}"));
        Assert.Contains("took build", fixture.LogText, StringComparison.Ordinal); // the log is captured
        foreach (var text in texts.Append(fixture.LogText))
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
        }
    }

    private async Task<(long Id, string Secret)> CreateAsync(ApiLogin who, string repository, string url, string? credential, string? rules, int? poll = null)
    {
        var body = new JsonObject { ["repository"] = repository, ["gitUrl"] = url, ["pollIntervalSeconds"] = poll };
        if (rules is not null)
        {
            body["rules"] = JsonNode.Parse(rules);
        }

        if (credential is not null)
        {
            body["credential"] = JsonNode.Parse(credential);
        }

        var created = await Builds.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", who, body.ToJsonString(), HttpStatusCode.Created);
        return (created["trigger"]!["id"]!.GetValue<long>(), created["webhookSecret"]!.GetValue<string>());
    }

    private async Task<string> CreateProblemAsync(ApiLogin who, string url, string credential) =>
        JsonNode.Parse(await Builds.Api.ExpectAsync(HttpMethod.Post, "/api/v1/triggers", who, HttpStatusCode.BadRequest,
            $$"""{"repository":"{{who.Name}}/app","gitUrl":"{{url}}","rules":{{Latest}},"credential":{{credential}}}"""))!["detail"]!.GetValue<string>();

    /// <summary>A generic webhook push of main (no commit, no message) and the build it queued, waited for.</summary>
    private async Task<JsonNode> PushAsync(ApiLogin who, long trigger, string secret)
    {
        using var response = await Client.SendAsync(WebhookDeliveries.Generic($"/api/v1/triggers/{trigger}/webhook", secret, "refs/heads/main"), Ct);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, answer.ToJsonString());
        return await Builds.WaitAsync(who, answer["builds"]![0]!["buildId"]!.GetValue<long>());
    }

    private async Task WaitForLogAsync(string text)
    {
        for (var attempt = 0; attempt < 200 && !fixture.LogText.Contains(text, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Contains(text, fixture.LogText, StringComparison.Ordinal);
    }

    private async Task<JsonNode> BuildNowAsync(ApiLogin who, long trigger)
    {
        var queued = await Builds.Api.JsonAsync(HttpMethod.Post, $"/api/v1/triggers/{trigger}/builds", who, """{"ref":"main"}""", HttpStatusCode.Accepted);
        return await Builds.WaitAsync(who, queued[0]!["buildId"]!.GetValue<long>());
    }

    /// <summary>Waits until the repository has <paramref name="count"/> builds (newest first), or for the trigger's first
    /// poll when <paramref name="polled"/> is given.</summary>
    private async Task<IReadOnlyList<Wharf.Registry.Builds.BuildRecord>> WaitForBuildsAsync(ApiLogin who, int count, long? polled = null)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var builds = await Builds.Queue.ListAsync($"{who.Name}/app", null, 10, Ct);
            if (builds.Count >= count && (polled is null || await PolledAsync(polled.Value)))
            {
                return builds;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"polling did not queue {count} builds within 30 s");
    }

    private async Task<bool> PolledAsync(long trigger)
    {
        var database = (Wharf.Registry.Metadata.SqlDatabase)Builds.Api.Server.Services.GetService(typeof(Wharf.Registry.Metadata.SqlDatabase))!;
        await using var c = await database.OpenAsync(Ct);
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT polled_refs IS NOT NULL FROM build_triggers WHERE id = {trigger}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
