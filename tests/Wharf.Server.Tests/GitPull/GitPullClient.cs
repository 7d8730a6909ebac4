using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;

namespace Wharf.Server.Tests.GitPull;

/// <summary>Manifest GETs of a Wharf with auth, as a registry client makes them.</summary>
internal sealed class GitPullClient(BuildsServer server)
{
    private HttpClient Client => server.Api.Server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>GET (or HEAD) of a manifest as a registry client does it: a pull token for the repository from the token
    /// endpoint (as <paramref name="who"/>, or anonymously), then the request.</summary>
    public async Task<HttpResponseMessage> PullAsync(ApiLogin? who, string repository, string reference, HttpMethod? method = null)
    {
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?service=wharf&scope={Uri.EscapeDataString($"repository:{repository}:pull")}");
        if (who is not null)
        {
            tokenRequest.Headers.Authorization = AccountsApiServer.Basic(who);
        }

        using var tokenResponse = await Client.SendAsync(tokenRequest, Ct);
        var token = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync(Ct))!["token"]!.GetValue<string>();
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        return await Client.SendAsync(request, Ct);
    }

    /// <summary>The digest a pull answers, after asserting it is a 200.</summary>
    public async Task<string> DigestAsync(ApiLogin? who, string repository, string reference)
    {
        using var response = await PullAsync(who, repository, reference);
        Assert.True(response.IsSuccessStatusCode, $"GET {repository}:{reference}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>The registry error a pull answers: status, code and message.</summary>
    public async Task<(int Status, string Code, string Message)> ErrorAsync(ApiLogin? who, string repository, string reference)
    {
        using var response = await PullAsync(who, repository, reference);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.False(response.IsSuccessStatusCode, $"GET {repository}:{reference} answered {(int)response.StatusCode}");
        var error = JsonNode.Parse(body)!["errors"]![0]!;
        return ((int)response.StatusCode, error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>());
    }

    /// <summary>Pulls again while the answer is "being built", as a user does after reading it; the digest at the end.</summary>
    public async Task<string> DigestWhenBuiltAsync(ApiLogin? who, string repository, string reference)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await PullAsync(who, repository, reference);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.IsSuccessStatusCode || attempt == 60 || !body.Contains(" is being built ", StringComparison.Ordinal))
            {
                Assert.True(response.IsSuccessStatusCode, $"GET {repository}:{reference}: {(int)response.StatusCode} {body}");
                return response.Headers.GetValues("Docker-Content-Digest").Single();
            }
        }
    }
}
