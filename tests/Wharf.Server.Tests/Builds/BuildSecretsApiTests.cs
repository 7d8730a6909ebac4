using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Api.Accounts;

namespace Wharf.Server.Tests.Builds;

/// <summary>Secrets and ssh key files sent with a build (<c>multipart/form-data</c>: <c>secret:ID</c> and <c>ssh:ID</c>
/// parts, then the context): the worker's builder gets them as private files that are gone after the build, and
/// nothing else has them — not the API's answers, the log, the audit log, or the database once the build has ended,
/// however it ended. Bad parts are ProblemDetails naming the secret, never its value.</summary>
public sealed class BuildSecretsApiTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>
{
    private BuildsServer Builds => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_and_key_files_reach_the_builder_as_private_files_and_are_kept_nowhere_else()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var token = $"s3cr3t-{Guid.NewGuid():N}";
        byte[] binary = [0, 0xff, 0x80, (byte)'\r', (byte)'\n', 0x7f];
        var key = await SshKeys.GenerateAsync(null, Ct);
        var context = ContextArchives.TarGz(("Dockerfile", "SECRET token\nSECRET blob\nSSHKEY deploy\nLOG built"));

        var (status, body, response) = await Builds.PostPartsAsync(
            alice, $"repository={alice.Name}/app&tag=1",
            ("secret:token", Encoding.UTF8.GetBytes(token)), ("secret:blob", binary), ("ssh:deploy", Encoding.UTF8.GetBytes(key)), ("context", context));
        response.Dispose();

        Assert.True(status == HttpStatusCode.Accepted, body);
        var id = JsonNode.Parse(body)!["id"]!.GetValue<long>();
        var ended = await Builds.WaitAsync(alice, id);
        Assert.Equal("succeeded", ended["state"]!.GetValue<string>());
        Assert.Equal(["blob", "token"], ended["secretIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(["deploy"], ended["sshIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        var files = await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "1");
        Assert.Equal(Hex(Encoding.UTF8.GetBytes(token)), files["secret-token.sha256"]);
        Assert.Equal(Hex(binary), files["secret-blob.sha256"]);
        Assert.Equal(Hex(Encoding.UTF8.GetBytes(key)) + "\n", files["ssh-deploy.sha256"]);
        var read = Builds.Builder.SecretFiles.Where(f => f.Path.Contains($"/contexts/{id}-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, read.Count);
        Assert.All(read, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, f.Mode));
        Assert.All(read, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, f.DirectoryMode));
        Assert.All(read, f => Assert.False(File.Exists(f.Path) || Directory.Exists(Path.GetDirectoryName(f.Path)), f.Path));
        Assert.Equal(0, await Builds.SealedSecretsAsync(id));

        var everything = body + ended.ToJsonString() + await Builds.LogAsync(alice, id)
            + string.Join("\n", (await Builds.Api.Store.ListAuditAsync(new AuditQuery(), Ct)).Select(e => $"{e.Action} {e.Target} {e.Detail}"));
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(token)), everything, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parts_sent_as_files_are_taken_as_curl_sends_them()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        using var body = new MultipartFormDataContent
        {
            { new ByteArrayContent("s3cr3t"u8.ToArray()), "secret:token", ".npmrc" },
            { new ByteArrayContent(ContextArchives.TarGz(("Dockerfile", "SECRET token"))), "context", "ctx.tar.gz" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/builds?repository={alice.Name}/app&tag=files") { Content = body };
        request.Headers.Authorization = AccountsApiServer.Basic(alice);

        using var response = await Builds.Api.Server.Client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        Assert.Equal("succeeded", (await Builds.WaitAsync(alice, JsonNode.Parse(text)!["id"]!.GetValue<long>()))["state"]!.GetValue<string>());
        var files = await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "files");
        Assert.Equal(Hex("s3cr3t"u8.ToArray()), files["secret-token.sha256"]);
    }

    [Fact]
    public async Task A_failed_build_forgets_its_secrets_and_is_not_retried_without_them()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var context = ContextArchives.TarGz(("Dockerfile", "SECRET token\nFAIL broken on purpose"));

        var id = await SubmitPartsAsync(alice, ("secret:token", Encoding.UTF8.GetBytes("s3cr3t")), ("context", context));
        var ended = await Builds.WaitAsync(alice, id);
        var retry = await Builds.Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", alice, HttpStatusCode.Conflict);

        Assert.Equal("failed", ended["state"]!.GetValue<string>());
        Assert.Equal(0, await Builds.SealedSecretsAsync(id));
        Assert.Equal(
            $"build {id} was given secrets or ssh key files (--secret id=token), which are deleted when a build ends: submit it again with them",
            JsonNode.Parse(retry)!["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("oversized", "part secret:big: larger than 500 KiB, the most a build secret may be (BuildKit's limit too)")]
    [InlineData("bad id", "part secret:bad id: an id is 1 to 128 letters, digits, '_', '.' and '-', starting with a letter, a digit or '_'")]
    [InlineData("twice", "part secret:token: secret token is given twice")]
    [InlineData("unknown part", "part readme: the parts are secret:ID (a secret), ssh:ID (a key file) and, last, context")]
    [InlineData("context first", "the context must be the last part (secrets and key files go before it)")]
    [InlineData("no context", "the body has no context part: the build context goes last, after any secret:ID and ssh:ID parts")]
    [InlineData("locked key", "part ssh:deploy has a passphrase: a build worker cannot type it (ssh-keygen -p -N '' removes it from a copy)")]
    [InlineData("not a key", "part ssh:deploy must be a private key as ssh-keygen writes it: -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY-----")]
    public async Task Bad_secrets_are_problems_that_name_them_and_queue_nothing(string mistake, string detail)
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var context = ContextArchives.TarGz(("Dockerfile", "LOG never built"));
        var secret = Encoding.UTF8.GetBytes("s3cr3t-value");
        (string, byte[])[] parts = mistake switch
        {
            "oversized" => [("secret:big", RandomNumberGenerator.GetBytes(500 * 1024 + 1)), ("context", context)],
            "bad id" => [("secret:bad id", secret), ("context", context)],
            "twice" => [("secret:token", secret), ("secret:token", secret), ("context", context)],
            "unknown part" => [("readme", secret), ("context", context)],
            "context first" => [("context", context), ("secret:token", secret)],
            "no context" => [("secret:token", secret)],
            "locked key" => [("ssh:deploy", Encoding.UTF8.GetBytes(await SshKeys.GenerateAsync("words", Ct))), ("context", context)],
            _ => [("ssh:deploy", secret), ("context", context)],
        };

        var (status, body, response) = await Builds.PostPartsAsync(alice, $"repository={alice.Name}/app", parts);

        using (response)
        {
            Assert.True(status == HttpStatusCode.BadRequest, $"{mistake}: {(int)status} {body}");
            ApiAssert.Problem(response, body, HttpStatusCode.BadRequest);
            Assert.Equal(detail, JsonNode.Parse(body)!["detail"]!.GetValue<string>());
            Assert.DoesNotContain("s3cr3t", body, StringComparison.Ordinal);
        }

        Assert.Empty((await Builds.Api.JsonAsync(HttpMethod.Get, $"/api/v1/builds?repository={alice.Name}/app", alice, null)).AsArray());
    }

    [Fact]
    public async Task A_submission_from_another_site_is_refused_before_its_secrets_are_read()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        using var body = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("s3cr3t")), "secret:token" },
            { new ByteArrayContent(ContextArchives.TarGz(("Dockerfile", "LOG x"))), "context" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/builds?repository={alice.Name}/app") { Content = body };
        request.Headers.Authorization = AccountsApiServer.Basic(alice);
        request.Headers.Add("Origin", "https://elsewhere.example");

        using var response = await Builds.Api.Server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<long> SubmitPartsAsync(ApiLogin who, params (string Name, byte[] Content)[] parts)
    {
        var (status, body, response) = await Builds.PostPartsAsync(who, $"repository={who.Name}/app", parts);
        response.Dispose();
        Assert.True(status == HttpStatusCode.Accepted, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<long>();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
