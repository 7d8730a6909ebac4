using Microsoft.Extensions.Options;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Registry.Auth;
using Wharf.Registry.Manifests;
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
    private static readonly Platform DefaultPlatform = new() { Os = "linux", Architecture = "amd64" };

    public static async Task<IResult> GetAsync(
        string? from, string? to, string? platform, ManifestService manifests, IOptions<AuthOptions> auth, HttpContext http, CancellationToken ct)
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

        if (!TryParse(from, out var fromName, out var fromReference) || !TryParse(to, out var toName, out var toReference))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid reference", "from and to must each be NAME:TAG or NAME@DIGEST, e.g. team/app:1");
        }

        Platform wanted;
        try
        {
            wanted = platform is null ? DefaultPlatform : PlatformMatcher.Parse(platform);
        }
        catch (FormatException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid platform", e.Message);
        }

        if (caller is not null)
        {
            foreach (var (name, text) in new[] { (fromName, from), (toName, to) })
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
            var a = await ResolveAsync(manifests, fromName, fromReference, wanted, ct);
            var b = await ResolveAsync(manifests, toName, toReference, wanted, ct);
            return a is null || b is null
                ? Problem(StatusCodes.Status404NotFound, "Unknown image", $"{(a is null ? from : to)} is not in this registry (or has no {wanted} image)")
                : Results.Json(ImageDiff.Compare(a, b), ApiJsonContext.Default.ImageDiff);
        }
        catch (RegistryException e) when (e.Code == OciErrorCode.ManifestInvalid)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not an image", e.Message);
        }
    }

    private static async Task<bool> MayPullAsync(ApiCaller caller, RepositoryName name, IServiceProvider services, CancellationToken ct) =>
        (await services.GetRequiredService<RepositoryRights>().DecideAsync(caller.Principal, name.Value, ct)).HasFlag(RepositoryAction.Pull);

    /// <summary>The image manifest a reference names, descending into an index for the platform; null when absent.</summary>
    private static async Task<ManifestContent?> ResolveAsync(ManifestService manifests, RepositoryName name, Reference reference, Platform platform, CancellationToken ct)
    {
        var stored = await manifests.FindAsync(name, reference, ct);
        if (stored is null)
        {
            return null;
        }

        var content = new ManifestContent(stored.Content, stored.MediaType);
        var parsed = content.Parse();
        if (!parsed.IsIndex)
        {
            return parsed.Config is null ? throw new RegistryException(OciErrorCode.ManifestInvalid, $"{name}@{content.Digest} has no config") : content;
        }

        return PlatformMatcher.Find(parsed.Manifests, platform) is { } entry
            ? await ResolveAsync(manifests, name, Reference.ForDigest(entry.Digest), platform, ct)
            : null;
    }

    private static bool TryParse(string? text, out RepositoryName name, out Reference reference)
    {
        name = default;
        reference = default;
        if (text is null)
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        var split = at >= 0 ? at : colon > text.LastIndexOf('/') ? colon : -1;
        return split > 0
            && RepositoryName.TryParse(text[..split], out name)
            && Reference.TryParse(text[(split + 1)..], out reference)
            && reference.IsDigest == (at >= 0);
    }

    private static ApiProblem Problem(int status, string title, string detail) => ApiProblem.Of(status, title, detail);
}
