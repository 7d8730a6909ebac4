using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Auth;

/// <summary>No secret reaches a log line: Wharf as a process with every category at Debug, taken through logins (right
/// and wrong), token requests of every grant, the accounts API creating a user, a personal access token and a robot,
/// and /v2 with good and tampered tokens; then its whole output is searched for each secret.</summary>
public sealed class SecretsNotLoggedTests
{
    private const string AdminPassword = "admin-secret-Pa55word";
    private const string AlicePassword = "alice-secret-Pa55word";
    private const string Guess = "guessed-Pa55word";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Passwords_tokens_and_robot_secrets_never_appear_in_the_log()
    {
        var data = Directory.CreateTempSubdirectory("wharf-secrets-").FullName;
        var secrets = new List<string> { AdminPassword, AlicePassword, Guess };
        try
        {
            string log;
            await using (var server = await WharfProcess.StartAsync(data, Ct, new Dictionary<string, string>
            {
                ["WHARF_Auth__Enabled"] = "true",
                ["WHARF_Auth__AdminPassword"] = AdminPassword,
                ["WHARF_Logging__LogLevel__Default"] = "Debug",
                ["WHARF_Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
            }))
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress };
                Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf", ("admin", Guess))).StatusCode);
                var adminTokens = await JsonAsync(await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf&offline_token=true&client_id=test&scope=repository:admin/app:pull,push", ("admin", AdminPassword)));
                secrets.Add(adminTokens["token"]!.GetValue<string>());

                Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, HttpMethod.Post, "/api/v1/users", ("admin", AdminPassword), new { name = "alice", password = AlicePassword })).StatusCode);
                var pat = (await JsonAsync(await SendAsync(http, HttpMethod.Post, "/api/v1/user/tokens", ("alice", AlicePassword), new { name = "ci", scope = "read-write" })))["token"]!.GetValue<string>();
                secrets.Add(pat);
                Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, HttpMethod.Post, "/api/v1/orgs", ("alice", AlicePassword), new { name = "acme" })).StatusCode);
                var robot = (await JsonAsync(await SendAsync(http, HttpMethod.Post, "/api/v1/orgs/acme/robots", ("alice", AlicePassword), new { name = "ci" })))["secret"]!.GetValue<string>();
                secrets.Add(robot);

                using var form = await http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "password", ["service"] = "wharf", ["client_id"] = "test", ["username"] = "alice", ["password"] = pat, ["access_type"] = "offline",
                }), Ct);
                var formTokens = await JsonAsync(form);
                secrets.Add(formTokens["access_token"]!.GetValue<string>());
                secrets.Add(formTokens["refresh_token"]!.GetValue<string>());
                using var refreshed = await http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token", ["service"] = "wharf", ["client_id"] = "test", ["refresh_token"] = secrets[^1],
                }), Ct);
                Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "/auth/token?service=wharf", ("acme+ci", robot))).StatusCode);

                using var good = new HttpRequestMessage(HttpMethod.Get, "/v2/");
                good.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secrets[3]);
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(good, Ct)).StatusCode);
                using var tampered = new HttpRequestMessage(HttpMethod.Get, "/v2/");
                tampered.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secrets[3][..^2] + "xx");
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(tampered, Ct)).StatusCode);
                log = server.Log;
            }

            Assert.Contains("dbug:", log, StringComparison.Ordinal); // the log really was at Debug
            foreach (var secret in secrets)
            {
                Assert.False(log.Contains(secret, StringComparison.Ordinal), $"a secret of {secret.Length} characters is in the log");
                var signature = secret.Split('.')[^1]; // a JWT's signature alone is as good as the token
                Assert.False(signature.Length > 20 && log.Contains(signature, StringComparison.Ordinal), "a token signature is in the log");
            }

            Assert.DoesNotContain("wharf_pat_", log, StringComparison.Ordinal);
            Assert.DoesNotContain("wharf_rbt_", log, StringComparison.Ordinal);
            Assert.DoesNotContain("wharf_rft_", log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, (string User, string Secret) credentials, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = BasicAuth.Header(credentials.User, credentials.Secret);
        return await http.SendAsync(request, Ct);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!;
        }
    }
}
