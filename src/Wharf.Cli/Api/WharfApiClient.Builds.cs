using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Cli.Build;

namespace Wharf.Cli.Api;

/// <summary>Builds on the server (<c>/api/v1/builds</c>): what <c>wharf build --server</c> calls.</summary>
internal sealed partial class WharfApiClient
{
    /// <summary>Queues a build of <paramref name="contextDirectory"/>, sent as a tar.gz streamed from the directory
    /// (<see cref="ContextTarball"/>: <c>.dockerignore</c> honoured). Build args go as headers, out of request logs.
    /// With <paramref name="secrets"/>, the body is <c>multipart/form-data</c>: a part per secret (<c>secret:ID</c>) and
    /// key file (<c>ssh:ID</c>), then the context (<c>context</c>) — never the URL or a header (decision 017).</summary>
    public async Task<BuildStatus> SubmitBuildAsync(BuildSubmission build, string contextDirectory, ServerBuildSecrets? secrets, CancellationToken ct)
    {
        using var context = await ContextTarball.CreateAsync(contextDirectory, build.Dockerfile, ct);
        using var body = secrets is { IsEmpty: false } ? Multipart(secrets, context) : (HttpContent)context;
        var query = new List<(string, string?)>
        {
            ("repository", build.Repository), ("dockerfile", context.DockerfileInArchive), ("target", build.Target), ("test", build.Test),
        };
        query.AddRange(build.Tags.Select(t => ("tag", (string?)t)));
        if (build.NoCache)
        {
            query.Add(("noCache", "true"));
        }

        if (!build.Reproducible)
        {
            query.Add(("reproducible", "false"));
        }

        query.Add(("sourceDateEpoch", build.SourceDateEpoch?.ToString(CultureInfo.InvariantCulture)));
        query.Add(("compression", build.Compression));
        query.Add(("platform", build.Platform));
        query.Add(("memoryLimit", build.MemoryLimit?.ToString(CultureInfo.InvariantCulture)));
        query.AddRange(build.CacheFrom.Select(c => ("cacheFrom", (string?)c)));
        query.AddRange(build.CacheTo.Select(c => ("cacheTo", (string?)c)));

        using var request = new HttpRequestMessage(HttpMethod.Post, Query("builds", [.. query])) { Content = body };
        // The server checks everything but the context first: a refusal (403, 400) comes before a byte of it is sent.
        request.Headers.ExpectContinue = true;
        foreach (var (name, value) in build.BuildArgs)
        {
            request.Headers.TryAddWithoutValidation("X-Wharf-Build-Arg", $"{name}={value}");
        }

        using var response = await SendAsync(request, ct, streaming: true);
        return await ReadAsync(response, "builds", ApiJson.Default.BuildStatus, ct);
    }

    /// <summary>The secrets first, so the server has them (and refuses what it cannot keep) before the context streams.</summary>
    private static MultipartFormDataContent Multipart(ServerBuildSecrets secrets, ContextTarball context)
    {
        var body = new MultipartFormDataContent();
        foreach (var (id, value) in secrets.Values)
        {
            body.Add(Part(value), $"secret:{id}");
        }

        foreach (var (id, keys) in secrets.SshKeys)
        {
            foreach (var key in keys)
            {
                body.Add(Part(key), $"ssh:{id}");
            }
        }

        body.Add(context, "context");
        return body;
    }

    private static ByteArrayContent Part(byte[] value)
    {
        var part = new ByteArrayContent(value);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return part;
    }

    public Task<BuildStatus> GetBuildAsync(long id, CancellationToken ct) =>
        GetAsync($"builds/{id.ToString(CultureInfo.InvariantCulture)}", ApiJson.Default.BuildStatus, ct);

    /// <summary>A repository's builds, newest first.</summary>
    public Task<IReadOnlyList<BuildStatus>> ListBuildsAsync(string repository, int limit, CancellationToken ct) =>
        GetAsync(Query("builds", ("repository", repository), ("limit", limit.ToString(CultureInfo.InvariantCulture))), ApiJson.Default.IReadOnlyListBuildStatus, ct);

    /// <summary>Calls <paramref name="line"/> with each line of the build's log, from its first, as the worker writes
    /// them, and returns when the build has ended (then <see cref="GetBuildAsync"/> tells how).</summary>
    public async Task FollowLogAsync(long id, Action<string> line, CancellationToken ct)
    {
        var path = $"builds/{id.ToString(CultureInfo.InvariantCulture)}/log?follow=true";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/plain");
        using var response = await SendAsync(request, ct, streaming: true);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line(text);
        }
    }

    /// <summary>The build's log so far, as text.</summary>
    public async Task<string> ReadLogAsync(long id, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"builds/{id.ToString(CultureInfo.InvariantCulture)}/log");
        request.Headers.Accept.ParseAdd("text/plain");
        using var response = await SendAsync(request, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Asks to cancel the build: a queued one ends at once, a running one when its worker next hears of it
    /// (within seconds). A build that has ended already is a <see cref="WharfApiException"/> (409).</summary>
    public Task<BuildStatus> CancelBuildAsync(long id, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"builds/{id.ToString(CultureInfo.InvariantCulture)}/cancel", null, ApiJson.Default.BuildStatus, ct);

    /// <summary>Queues a new build of an ended build's context, tags and settings, submitted by this caller; the new
    /// build. One still queued or running, or whose uploaded context has been collected, is a <see cref="WharfApiException"/> (409).</summary>
    public Task<BuildStatus> RetryBuildAsync(long id, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"builds/{id.ToString(CultureInfo.InvariantCulture)}/retry", null, ApiJson.Default.BuildStatus, ct);
}
