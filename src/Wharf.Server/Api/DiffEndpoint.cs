using Microsoft.Extensions.Options;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Registry.Auth;
using Wharf.Registry.Inspection;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;

namespace Wharf.Server.Api;

/// <summary><c>GET /api/v1/diff?from=NAME:TAG&amp;to=NAME:TAG[&amp;platform=os/arch]</c>: what pulling <c>to</c> costs a
/// host that holds <c>from</c> (<see cref="ImageDiff"/>), the answer <c>wharf diff</c> gives and the web UI shows.
/// References are <c>NAME:TAG</c> or <c>NAME@DIGEST</c> in this registry; an index is resolved to the platform
/// (default linux/amd64). Errors are ProblemDetails: 400 for a malformed reference, 404 for an unknown image. With
/// <c>Auth:Enabled</c> the caller (HTTP Basic, or anonymous) must be allowed to pull both repositories: a repository it
/// may not pull is answered like one that does not exist (404), or with 401 to an anonymous caller, so the answer never
/// tells whether a private repository exists.</summary>
internal static class DiffEndpoint
{
    public static async Task<IResult> GetAsync(
        string? from, string? to, string? platform, ImageComparer comparer, IOptions<AuthOptions> auth, HttpContext http, CancellationToken ct)
    {
        ApiCaller? caller = null;
        if (auth.Value.Enabled)
        {
            (caller, var refusal) = await ApiCaller.AuthenticateAsync(http);
            if (caller is null)
            {
                return refusal!;
            }
        }

        if (!RepositoryReference.TryParse(from, out var a) || !RepositoryReference.TryParse(to, out var b))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid reference", "from and to must each be NAME:TAG or NAME@DIGEST, e.g. team/app:1");
        }

        Platform wanted;
        try
        {
            wanted = platform is null ? ImageComparer.DefaultPlatform : PlatformMatcher.Parse(platform);
        }
        catch (FormatException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid platform", e.Message);
        }

        if (caller is not null)
        {
            foreach (var (name, text) in new[] { (a.Name, from), (b.Name, to) })
            {
                if (!await MayPullAsync(caller, name, http.RequestServices, ct))
                {
                    return caller.IsAnonymous
                        ? ApiProblem.Unauthorized($"log in to compare {text}")
                        : Problem(StatusCodes.Status404NotFound, "Unknown image", $"{text} is not in this registry (or has no {wanted} image)");
                }
            }
        }

        try
        {
            var compared = await comparer.CompareAsync(a, b, wanted, ct);
            return compared.Diff is { } diff
                ? Results.Json(diff, ApiJsonContext.Default.ImageDiff)
                : Problem(StatusCodes.Status404NotFound, "Unknown image", $"{compared.Missing} is not in this registry (or has no {wanted} image)");
        }
        catch (RegistryException e) when (e.Code == OciErrorCode.ManifestInvalid)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not an image", e.Message);
        }
    }

    private static async Task<bool> MayPullAsync(ApiCaller caller, RepositoryName name, IServiceProvider services, CancellationToken ct) =>
        (await services.GetRequiredService<RepositoryRights>().DecideAsync(caller.Principal, name.Value, ct)).HasFlag(RepositoryAction.Pull);

    private static ApiProblem Problem(int status, string title, string detail) => ApiProblem.Of(status, title, detail);
}
