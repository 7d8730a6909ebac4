using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Builds;

/// <summary>The builds API (<c>/api/v1/builds</c>, docs/api.md), mapped whatever <c>Auth:Enabled</c> says; every endpoint
/// runs behind <see cref="BuildsApiFilter"/>, which decides whether a server without auth takes builds at all.</summary>
internal static class BuildsApi
{
    public static void Map(WebApplication app)
    {
        var builds = app.MapGroup(AccountsApi.Prefix + "/builds").WithTags("builds");
        builds.AddEndpointFilter<BuildsApiFilter>();
        builds.MapPost("", BuildSubmitEndpoint.SubmitAsync)
            .WithSummary(
                "Queue a build (push right on the repository): the body is the context as a tar or tar.gz; or multipart/form-data of "
                + "secret:ID and ssh:ID parts (a secret, a key file) before the context part; or JSON for a git context (with secrets and ssh)")
            .WithMetadata(
                DocumentedBody.Json<GitBuildRequest>(), new DocumentedBody(typeof(Stream), "application/x-tar"), new DocumentedBody(typeof(Stream), "application/gzip"),
                new DocumentedBody(typeof(Stream), "multipart/form-data"))
            .Produces<BuildInfo>(StatusCodes.Status202Accepted)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415);
        builds.MapGet("", BuildEndpoints.ListAsync)
            .WithSummary("A repository's builds, newest first (push right on it); page with before= the last id")
            .Produces<IReadOnlyList<BuildInfo>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        builds.MapGet("/{id:long}", BuildEndpoints.GetAsync)
            .WithSummary("A build: its state, timings, failing step and the digest it pushed")
            .Produces<BuildInfo>().ProducesProblem(401).ProducesProblem(404);
        builds.MapGet("/{id:long}/log", BuildEndpoints.LogAsync)
            .WithSummary("A build's log as text/plain; with follow=true the response stays open until the build ends")
            .Produces<string>(contentType: "text/plain").ProducesProblem(401).ProducesProblem(404);
        builds.MapPost("/{id:long}/cancel", BuildEndpoints.CancelAsync)
            .WithSummary("Cancel a build: a queued one at once, a running one at its worker's next lease renewal")
            .Produces<BuildInfo>().ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
        builds.MapPost("/{id:long}/retry", BuildEndpoints.RetryAsync)
            .WithSummary("Retry a build that has ended: a new build of the same context, tags and settings, submitted by the caller")
            .Produces<BuildInfo>(StatusCodes.Status202Accepted).ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
    }
}
