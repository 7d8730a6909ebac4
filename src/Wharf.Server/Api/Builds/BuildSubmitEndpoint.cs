using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wharf.Build.Secrets;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Registry.Uploads;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Api.Builds;

/// <summary><c>POST /api/v1/builds</c>: queues a build. The body is the context as a tar or tar.gz (the build described by
/// the query: <c>repository</c>, <c>tag</c>…, <c>dockerfile</c>, <c>target</c>, <c>buildArg=NAME=VALUE</c>…, <c>noCache</c>,
/// <c>test</c>, <c>sourceDateEpoch</c>, <c>reproducible</c>, <c>compression</c>, <c>platform</c>, <c>memoryLimit</c>,
/// <c>cacheFrom</c>…, <c>cacheTo</c>…;
/// build args also as <c>X-Wharf-Build-Arg</c> headers, which stay out of request logs), stored in the shared blob store
/// for whichever worker takes it (decision 017); the same as the last part of a <c>multipart/form-data</c> body whose
/// first parts are the build's secrets and ssh key files (<see cref="MultipartSubmission"/>); or a JSON
/// <see cref="GitBuildRequest"/>. Everything is checked, the push right included, before a byte of the context is read;
/// secrets are sealed before they are stored (<see cref="BuildSecretsInput"/>). Answers 202 with the queued build and its
/// Location.</summary>
internal static class BuildSubmitEndpoint
{
    public const string BuildArgHeader = "X-Wharf-Build-Arg";

    private static readonly string[] ArchiveTypes =
        ["application/x-tar", "application/tar", "application/gzip", "application/x-gzip", "application/tar+gzip", "application/octet-stream"];

    public static async Task<IResult> SubmitAsync(
        HttpContext http,
        SqlBuildStore builds,
        UploadService uploads,
        SecretKeys keys,
        IOptions<BuildsOptions> options,
        [FromQuery] string? repository,
        [FromQuery] string[]? tag,
        [FromQuery] string? dockerfile,
        [FromQuery] string? target,
        [FromQuery] string[]? buildArg,
        [FromQuery] string? noCache,
        [FromQuery] string? test,
        [FromQuery] string? sourceDateEpoch,
        [FromQuery] string? reproducible,
        [FromQuery] string? compression,
        [FromQuery] string? platform,
        [FromQuery] string? memoryLimit,
        [FromQuery] string[]? cacheFrom,
        [FromQuery] string[]? cacheTo,
        CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        BuildRecord build;
        if (http.Request.HasJsonContentType())
        {
            // Room for the secrets' base64 beside the usual fields.
            var body = await ApiRequestBody.ReadJsonAsync(
                http, BuildsJsonContext.Default.GitBuildRequest, ApiRequestBody.MaxJsonBytes + 2L * BuildSecretRules.MaxTotalBytes, ct);
            var name = ApiInput.Repository(body.Repository);
            var asked = new BuildInput.BuildOptions(
                body.SourceDateEpoch, body.Reproducible, body.Compression, body.Platform, body.MemoryLimit, body.CacheFrom, body.CacheTo);
            var spec = BuildInput.WithOptions(new BuildSpec
            {
                Repository = name,
                Tags = BuildInput.Tags(body.Tags),
                RequestedBy = caller.Name,
                Git = BuildInput.Git(body.Git, options.Value.AllowedGitProtocols),
                Dockerfile = BuildInput.Dockerfile(body.Dockerfile),
                Target = BuildInput.Target(body.Target),
                BuildArgs = BuildInput.BuildArgs(body.BuildArgs),
                NoCache = body.NoCache,
                Test = BuildInput.Test(body.Test),
                RegistryHost = RegistryHost(http),
            }, asked, options.Value);
            await BuildAccess.RequirePushAsync(caller, spec, http, ct);
            var secrets = BuildSecretsInput.Seal(BuildSecretsInput.FromJson(body.Secrets, body.Ssh), keys);
            build = await builds.EnqueueAsync(spec, secrets, ct);
        }
        else
        {
            var asked = new BuildInput.BuildOptions(
                ApiInput.Number(sourceDateEpoch, "sourceDateEpoch", 0, BuildInput.MaxEpoch),
                string.IsNullOrEmpty(reproducible) || Flag(reproducible, "reproducible"),
                compression,
                platform,
                ApiInput.Number(memoryLimit, "memoryLimit", 1, long.MaxValue),
                cacheFrom,
                cacheTo);
            var spec = BuildInput.WithOptions(new BuildSpec
            {
                Repository = ApiInput.Repository(repository),
                Tags = BuildInput.Tags(tag),
                RequestedBy = caller.Name,
                Dockerfile = BuildInput.Dockerfile(dockerfile),
                Target = BuildInput.Target(target),
                BuildArgs = BuildInput.BuildArgs((buildArg ?? []).Concat(http.Request.Headers[BuildArgHeader].OfType<string>())),
                NoCache = Flag(noCache, "noCache"),
                Test = BuildInput.Test(test),
                RegistryHost = RegistryHost(http),
            }, asked, options.Value);
            await BuildAccess.RequirePushAsync(caller, spec, http, ct);
            build = MultipartSubmission.Is(http.Request)
                ? await MultipartSubmission.StoreAsync(http, spec, builds, uploads, keys, options.Value.MaxContextSize, ct)
                : await StoreContextAsync(http, spec, builds, uploads, options.Value.MaxContextSize, ct);
        }

        if (http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            await caller.AuditAsync(http.RequestServices.GetRequiredService<IAccountStore>(), AuditActions.BuildSubmitted, build.Spec.Repository, $"build {build.Id}", ct);
        }

        http.Response.Headers.Location = $"{AccountsApi.Prefix}/builds/{build.Id}";
        return Results.Json(BuildInfo.From(build), BuildsJsonContext.Default.BuildInfo, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>"true"/"false" (or 1/0); absent is false.</summary>
    public static bool Flag(string? text, string field) => text switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw new ApiProblemException($"{field} must be true or false"),
    };

    /// <summary>What the submitter calls this registry (<c>localhost:5000</c>, <c>registry.example.net</c>): the name
    /// their Dockerfile's FROM uses for an image of it, lower-cased as image references are.</summary>
    private static string? RegistryHost(HttpContext http) =>
        http.Request.Host.HasValue ? http.Request.Host.Value!.ToLowerInvariant() : null;

    private static async Task<BuildRecord> StoreContextAsync(
        HttpContext http, BuildSpec spec, SqlBuildStore builds, UploadService uploads, long maxSize, CancellationToken ct)
    {
        if (http.Request.ContentType is { Length: > 0 } type && !ArchiveTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiProblemException(ApiProblem.UnsupportedMediaType(
                "the body must be the build context as a tar or tar.gz (Content-Type: application/x-tar or application/gzip), multipart/form-data with secrets before the context, or a git build as application/json"));
        }

        if (http.Request.ContentLength > maxSize)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"the build context is larger than {maxSize} bytes (Builds:MaxContextSize)"));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxSize;
        }

        try
        {
            return await uploads.StoreUnlinkedAsync(RepositoryName.Parse(spec.Repository), http.Request.Body, (digest, size) => size == 0
                ? throw new ApiProblemException("the body is empty: send the build context as a tar or tar.gz")
                : builds.EnqueueAsync(spec with { ContextDigest = digest }, ct), ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"the build context is larger than {maxSize} bytes (Builds:MaxContextSize)"));
        }
        catch (BadHttpRequestException e)
        {
            throw new ApiProblemException($"the build context could not be read: {e.Message}");
        }
    }
}
