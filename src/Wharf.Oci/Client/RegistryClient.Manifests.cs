using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;
using Wharf.Oci.Manifests;

namespace Wharf.Oci.Client;

public sealed partial class RegistryClient
{
    /// <summary>The manifest kinds a copy understands, in order of preference (OCI first).</summary>
    private static readonly string[] ManifestAccept =
        [MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    /// <summary>GET a manifest by tag or digest; null when the registry has none (404). The bytes are checked
    /// against the digest asked for, and against <c>Docker-Content-Digest</c> when the registry sends one.</summary>
    public async Task<ManifestContent?> FindManifestAsync(RepositoryName repository, Reference reference, CancellationToken ct)
    {
        var request = ManifestRequest(HttpMethod.Get, repository, reference, $"pull manifest {Name(repository, reference)}");
        using var response = await SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, request, OciErrorCode.ManifestUnknown, ct);
        }

        var bytes = await ReadLimitedAsync(response.Content, ManifestParser.MaxManifestBytes, ct);
        var expected = reference.Digest ?? ContentDigest(response);
        if (expected is { } digest && Digest.Compute(bytes, digest.Algorithm) is var actual && actual != digest)
        {
            throw new RegistryException(OciErrorCode.DigestInvalid, $"{Host} returned manifest {actual} for {Name(repository, reference)}, expected {digest}");
        }

        return new ManifestContent(bytes, MediaTypeOf(bytes, response.Content.Headers.ContentType?.MediaType, repository, reference));
    }

    /// <summary>HEAD a manifest: its descriptor (media type, digest, size) without the body; null when absent.</summary>
    public async Task<Descriptor?> FindManifestDescriptorAsync(RepositoryName repository, Reference reference, CancellationToken ct)
    {
        var request = ManifestRequest(HttpMethod.Head, repository, reference, $"check manifest {Name(repository, reference)}");
        using var response = await SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, request, OciErrorCode.ManifestUnknown, ct);
        }

        // distribution-spec: older registries may omit Docker-Content-Digest on HEAD; the body then tells.
        if (ContentDigest(response) is not { } digest || response.Content.Headers.ContentLength is not { } size)
        {
            return (await FindManifestAsync(repository, reference, ct))?.Descriptor();
        }

        return new Descriptor { MediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypes.OciManifest, Digest = digest, Size = size };
    }

    /// <summary>PUT a manifest under a tag or its digest (exactly these bytes). Idempotent. Returns its digest.</summary>
    public async Task<Digest> PutManifestAsync(RepositoryName repository, Reference reference, ManifestContent manifest, CancellationToken ct)
    {
        var request = new RegistryRequest(HttpMethod.Put, Api($"v2/{repository}/manifests/{reference}"), Scopes.Push(repository), $"push manifest {Name(repository, reference)}")
        {
            Content = () =>
            {
                var content = new ByteArrayContent(manifest.Bytes);
                // distribution-spec: Content-Type is exactly the manifest's mediaType, without parameters.
                content.Headers.TryAddWithoutValidation("Content-Type", manifest.MediaType);
                return content;
            },
        };
        using var response = await SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, request, OciErrorCode.NameUnknown, ct);
        }

        if (ContentDigest(response) is { } stored && stored.Algorithm == manifest.Digest.Algorithm && stored != manifest.Digest)
        {
            throw new RegistryException(OciErrorCode.DigestInvalid, $"{Host} stored manifest {Name(repository, reference)} as {stored}, not {manifest.Digest}");
        }

        return manifest.Digest;
    }

    /// <summary>DELETE a manifest (by digest; registries that allow it also untag by tag). True when deleted, false when
    /// it was not there.</summary>
    public Task<bool> DeleteManifestAsync(RepositoryName repository, Reference reference, CancellationToken ct) =>
        DeleteAsync(Api($"v2/{repository}/manifests/{reference}"), repository, $"delete manifest {Name(repository, reference)}", ct);

    private async Task<bool> DeleteAsync(Uri uri, RepositoryName repository, string what, CancellationToken ct)
    {
        var request = new RegistryRequest(HttpMethod.Delete, uri, Scopes.Delete(repository), what);
        using var response = await SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        return response.IsSuccessStatusCode ? true : throw await ErrorAsync(response, request, OciErrorCode.NameUnknown, ct);
    }

    private RegistryRequest ManifestRequest(HttpMethod method, RepositoryName repository, Reference reference, string what) =>
        new(method, Api($"v2/{repository}/manifests/{reference}"), Scopes.Pull(repository), what)
        {
            Configure = message =>
            {
                foreach (var type in ManifestAccept)
                {
                    message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                }
            },
        };

    private static Digest? ContentDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var digest) ? digest : null;

    /// <summary>The body's mediaType wins; it must agree with a manifest Content-Type (distribution-spec: clients
    /// should reject a response where they differ). Without either, the shape decides.</summary>
    private string MediaTypeOf(byte[] bytes, string? contentType, RepositoryName repository, Reference reference)
    {
        string? bodyType = null;
        var isIndex = false;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                bodyType = document.RootElement.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                isIndex = document.RootElement.TryGetProperty("manifests", out _);
            }
        }
        catch (JsonException e)
        {
            throw new RegistryException(OciErrorCode.ManifestInvalid, $"{Host} returned a manifest for {Name(repository, reference)} that is not JSON: {e.Message}");
        }

        var headerType = contentType is not null && MediaTypes.IsManifest(contentType) ? contentType : null;
        if (bodyType is not null && headerType is not null && bodyType != headerType)
        {
            throw new RegistryException(OciErrorCode.ManifestInvalid, $"{Host} returned {Name(repository, reference)} as {headerType} but its mediaType is {bodyType}");
        }

        return bodyType ?? headerType ?? (isIndex ? MediaTypes.OciIndex : MediaTypes.OciManifest);
    }

    private static string Name(RepositoryName repository, Reference reference) =>
        $"{repository}{(reference.IsDigest ? "@" : ":")}{reference}";
}
