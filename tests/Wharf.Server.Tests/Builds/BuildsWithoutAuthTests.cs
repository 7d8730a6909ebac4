using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Build;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Builds;

/// <summary>A server with <c>Auth:Enabled=false</c> takes builds only when told to (<c>Builds:AllowWithoutAuth</c>): a
/// build runs commands on the server, which is more than the open push such a server allows (decision 017).</summary>
public sealed class BuildsWithoutAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_auth_builds_are_refused_unless_allowed()
    {
        await using var server = await WharfServer.StartAsync();

        using var response = await PostAsync(server, ContextArchives.TarGz(("Dockerfile", "LOG x")));
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        ApiAssert.Problem(response, body, HttpStatusCode.Forbidden);
        Assert.Contains("Builds:AllowWithoutAuth", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_auth_and_allowed_anyone_builds()
    {
        var state = Directory.CreateTempSubdirectory("wharf-test-builder-").FullName;
        var settings = new Dictionary<string, string?>(BuildsServer.FastSettings) { ["Builds:AllowWithoutAuth"] = "true" };
        await using var server = await WharfServer.StartAsync(settings: settings, services: s => s.AddSingleton<IImageBuilder>(new ContextTarballBuilder(state)));

        using var response = await PostAsync(server, ContextArchives.TarGz(("Dockerfile", "LOG x"), ("file", "content")));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<long>();
        JsonNode build;
        do
        {
            await Task.Delay(50, Ct);
            build = JsonNode.Parse(await server.Client.GetStringAsync($"/api/v1/builds/{id}", Ct))!;
        }
        while (build["state"]!.GetValue<string>() is "queued" or "running");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("succeeded", build["state"]!.GetValue<string>());
        Assert.Equal("", build["requestedBy"]!.GetValue<string>());
        Assert.Equal("content", (await PushedImage.FilesAsync(server.Services, "open/app", "latest"))["file"]);
        Directory.Delete(state, recursive: true);
    }

    private static async Task<HttpResponseMessage> PostAsync(WharfServer server, byte[] context)
    {
        using var content = new ByteArrayContent(context);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return await server.Client.PostAsync("/api/v1/builds?repository=open/app", content, Ct);
    }
}
