using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Build;
using Wharf.Registry.Builds;
using Wharf.Server.Tests.Api.Accounts;

namespace Wharf.Server.Tests.Builds;

/// <summary>A real Wharf with auth, its build workers running the <see cref="ContextTarballBuilder"/>, with short polls
/// and leases so that a test sees a cancel or a recovery within a second or two; git contexts may be <c>file://</c>.</summary>
public sealed class BuildsServer : IAsyncDisposable
{
    private readonly string _builderState;
    private bool _stopped;

    private BuildsServer(AccountsApiServer api, ContextTarballBuilder builder, string builderState)
    {
        Api = api;
        Builder = builder;
        _builderState = builderState;
    }

    public AccountsApiServer Api { get; }

    public ContextTarballBuilder Builder { get; }

    public SqlBuildStore Queue => Api.Server.Services.GetRequiredService<SqlBuildStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IReadOnlyDictionary<string, string?> FastSettings { get; } = new Dictionary<string, string?>
    {
        ["Builds:Workers"] = "2",
        ["Builds:PollInterval"] = "00:00:00.100",
        ["Builds:LeaseDuration"] = "00:00:02",
        ["Builds:GitProtocols:0"] = "file",
    };

    /// <param name="runcBuilder">True: the server's own builder (runc, <c>BuilderFactory</c>) instead of the stand-in.</param>
    public static async Task<BuildsServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null, bool runcBuilder = false)
    {
        var all = new Dictionary<string, string?>(FastSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var state = Directory.CreateTempSubdirectory("wharf-test-builder-").FullName;
        var builder = new ContextTarballBuilder(state);
        var api = await AccountsApiServer.StartAsync(all, dataDirectory, services =>
        {
            if (!runcBuilder)
            {
                services.AddSingleton<IImageBuilder>(builder);
            }
        });
        return new BuildsServer(api, builder, state);
    }

    /// <summary>POSTs a context with the query's build parameters; returns the answer after checking its status.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostContextAsync(
        ApiLogin? who, byte[] context, string query, string contentType = "application/gzip")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/builds?{query}") { Content = new ByteArrayContent(context) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (who is not null)
        {
            request.Headers.Authorization = AccountsApiServer.Basic(who);
        }

        var response = await Api.Server.Client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response);
    }

    /// <summary>POSTs a <c>multipart/form-data</c> submission of <paramref name="parts"/> in order (name, content), as
    /// <c>wharf build --server</c> sends secrets and key files before the context.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostPartsAsync(
        ApiLogin? who, string query, params (string Name, byte[] Content)[] parts)
    {
        using var body = new MultipartFormDataContent();
        foreach (var (name, content) in parts)
        {
            body.Add(new ByteArrayContent(content), name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/builds?{query}") { Content = body };
        if (who is not null)
        {
            request.Headers.Authorization = AccountsApiServer.Basic(who);
        }

        var response = await Api.Server.Client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response);
    }

    /// <summary>How many sealed secret rows build <paramref name="id"/> has in the database.</summary>
    public async Task<long> SealedSecretsAsync(long id)
    {
        await using var c = await Api.Server.Services.GetRequiredService<Wharf.Registry.Metadata.SqlDatabase>().OpenAsync(Ct);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM build_secrets WHERE build_id = @id", new { id });
    }

    /// <summary>Queues a build (202 expected) and returns its id.</summary>
    public async Task<long> SubmitAsync(ApiLogin who, byte[] context, string query)
    {
        var (status, body, response) = await PostContextAsync(who, context, query);
        using (response)
        {
            Assert.True(status == HttpStatusCode.Accepted, $"POST /api/v1/builds?{query}: {(int)status} {body}");
            return JsonNode.Parse(body)!["id"]!.GetValue<long>();
        }
    }

    public Task<JsonNode> GetAsync(ApiLogin who, long id) => Api.JsonAsync(HttpMethod.Get, $"/api/v1/builds/{id}", who, null);

    /// <summary>Polls the build until it has ended, for at most a minute; returns it.</summary>
    public async Task<JsonNode> WaitAsync(ApiLogin who, long id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (true)
        {
            var build = await GetAsync(who, id);
            if (build["state"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled")
            {
                return build;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>The build's log (followed to its end when <paramref name="follow"/>).</summary>
    public async Task<string> LogAsync(ApiLogin who, long id, bool follow = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/builds/{id}/log{(follow ? "?follow=true" : "")}");
        request.Headers.Authorization = AccountsApiServer.Basic(who);
        using var response = await Api.Server.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>Stops the server (gracefully, as a shutdown does); the builder's state stays until disposal.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Api.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_builderState, recursive: true);
    }
}
