using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Wharf.Build.Secrets;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Uploads;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Triggers;

namespace Wharf.Server.Api.Builds;

/// <summary>A build whose secrets travel with its context (decision 017): a <c>multipart/form-data</c> body of
/// <c>secret:ID</c> parts (a secret's bytes), <c>ssh:ID</c> parts (one key file each; repeat the name for more), and the
/// context as a tar or tar.gz in the last part, <c>context</c>. The build itself is described by the query, as for a
/// plain tar body. Secrets come first, so they are read (into memory, within <see cref="BuildSecretRules"/>' limits) and
/// sealed before the context streams into the blob store, and the build is queued with them in one transaction once the
/// context is stored and nothing follows it. They never enter the query string or a header, which request logs keep.</summary>
internal static class MultipartSubmission
{
    public const string ContextPart = "context";
    public const string SecretPrefix = "secret:";
    public const string SshPrefix = "ssh:";

    /// <summary>Room for the parts' boundaries and headers beside the context and the secrets.</summary>
    private const long Framing = 256 * 1024;

    public static bool Is(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    public static async Task<BuildRecord> StoreAsync(
        HttpContext http, BuildSpec spec, SqlBuildStore builds, UploadService uploads, SecretKeys keys, long maxContextSize, CancellationToken ct)
    {
        var boundary = Boundary(http.Request.ContentType!);
        var maxBody = maxContextSize + BuildSecretRules.MaxTotalBytes + Framing;
        if (http.Request.ContentLength > maxBody)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"the build context is larger than {maxContextSize} bytes (Builds:MaxContextSize)"));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBody;
        }

        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = maxContextSize };
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var keyFiles = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        var tally = new BuildSecretTally();
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var name = PartName(section);
                if (name == ContextPart)
                {
                    var secrets = new BuildSecrets(values, keyFiles.ToDictionary(k => k.Key, k => (IReadOnlyList<byte[]>)k.Value, StringComparer.Ordinal));
                    var sealedSecrets = BuildSecretsInput.Seal(secrets, keys);
                    return await uploads.StoreUnlinkedAsync(RepositoryName.Parse(spec.Repository), section.Body, async (digest, size) =>
                    {
                        if (size == 0)
                        {
                            throw new ApiProblemException("the context part is empty: send the build context as a tar or tar.gz");
                        }

                        if (await reader.ReadNextSectionAsync(ct) is not null)
                        {
                            throw new ApiProblemException("the context must be the last part (secrets and key files go before it)");
                        }

                        return await builds.EnqueueAsync(spec with { ContextDigest = digest }, sealedSecrets, ct);
                    }, ct);
                }

                if (keys.Box is null && (name.StartsWith(SecretPrefix, StringComparison.Ordinal) || name.StartsWith(SshPrefix, StringComparison.Ordinal)))
                {
                    // Before a byte of the value is read: nothing could keep it.
                    throw new ApiProblemException(ApiProblem.Conflict(BuildSecretsInput.MissingKey));
                }

                var what = $"part {BuildSecretsInput.Printable(name)}";
                if (name.StartsWith(SecretPrefix, StringComparison.Ordinal))
                {
                    var id = BuildSecretsInput.Checked(() => BuildSecretRules.Id(name[SecretPrefix.Length..], what));
                    var value = await ReadAsync(section.Body, BuildSecretRules.MaxSecretBytes, ct);
                    values[id] = value;
                    BuildSecretsInput.Checked(() =>
                    {
                        BuildSecretRules.CheckSecretSize(value.Length, what);
                        tally.AddSecret(id, value.Length, what);
                    });
                }
                else if (name.StartsWith(SshPrefix, StringComparison.Ordinal))
                {
                    var id = BuildSecretsInput.Checked(() => BuildSecretRules.Id(name[SshPrefix.Length..], what));
                    var text = Encoding.UTF8.GetString(await ReadAsync(section.Body, BuildSecretRules.MaxKeyFileBytes, ct));
                    var key = BuildSecretsInput.Checked(() => BuildSecretsInput.KeyFile(id, text, what, tally));
                    if (!keyFiles.TryGetValue(id, out var files))
                    {
                        keyFiles[id] = files = [];
                    }

                    files.Add(key);
                }
                else
                {
                    throw new ApiProblemException($"{what}: the parts are {SecretPrefix}ID (a secret), {SshPrefix}ID (a key file) and, last, {ContextPart}");
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"the build context is larger than {maxContextSize} bytes (Builds:MaxContextSize)"));
        }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            // The reader's own limit on one part, which only the context can reach (the others stop at theirs).
            throw new ApiProblemException(ApiProblem.TooLarge($"the build context is larger than {maxContextSize} bytes (Builds:MaxContextSize)"));
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException)
        {
            throw new ApiProblemException($"the multipart body could not be read: {e.Message}");
        }
        finally
        {
            foreach (var value in values.Values.Concat(keyFiles.Values.SelectMany(f => f)))
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(value);
            }
        }

        throw new ApiProblemException($"the body has no {ContextPart} part: the build context goes last, after any {SecretPrefix}ID and {SshPrefix}ID parts");
    }

    private static string Boundary(string contentType)
    {
        var boundary = MediaTypeHeaderValue.TryParse(contentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        // RFC 2046 §5.1.1: 1 to 70 characters.
        return boundary is { Length: > 0 and <= 70 }
            ? boundary
            : throw new ApiProblemException("a multipart/form-data body needs a boundary of 1 to 70 characters");
    }

    private static string PartName(MultipartSection section) =>
        // A file name may come too (curl -F name=@FILE sends one), and means nothing here.
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(disposition.Name).Value is { Length: > 0 } name
            ? name
            : throw new ApiProblemException("every part needs Content-Disposition: form-data; name=\"…\"");

    /// <summary>A part's bytes, up to one more than <paramref name="max"/> (which the caller's rule then refuses) without
    /// reading further. Read into one buffer of that size, so no copy of a secret is left behind in a grown one.</summary>
    private static async Task<byte[]> ReadAsync(Stream body, int max, CancellationToken ct)
    {
        var buffer = new byte[max + 1];
        try
        {
            var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            return buffer[..length];
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
