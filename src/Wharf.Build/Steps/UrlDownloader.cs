using System.Security.Cryptography;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Oci;

namespace Wharf.Build.Steps;

/// <summary>ADD of an http(s) URL: fetched by the builder (not the step's container) into the build's scratch, mode 600
/// as docker makes it, its modification time from Last-Modified, checked against <c>--checksum</c> when given. Its
/// name (what a destination directory gets) is BuildKit's: the URL path's last element, else <c>__unnamed__</c>
/// (<see cref="UrlFileName"/>).</summary>
internal static class UrlDownloader
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(30) };

    /// <summary>The downloaded file, with the name it takes in a destination directory as its relative path.</summary>
    public static async Task<CopySource> DownloadAsync(string url, string? checksum, BuildSession session, Instruction instruction, CancellationToken ct)
    {
        var file = Path.Combine(session.Scratch, "downloads", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        DateTimeOffset? lastModified;
        string actual;
        // --checksum names its algorithm (sha256:, sha384:, sha512:); the content is hashed with that one.
        var (algorithm, name) = checksum?.Split(':')[0] switch
        {
            "sha384" => (HashAlgorithmName.SHA384, "sha384"),
            "sha512" => (HashAlgorithmName.SHA512, "sha512"),
            _ => (HashAlgorithmName.SHA256, "sha256"),
        };
        try
        {
            using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw session.Failure(instruction, $"{url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            lastModified = response.Content.Headers.LastModified;
            using var hash = IncrementalHash.CreateHash(algorithm);
            await using (var output = File.Create(file))
            await using (var body = await response.Content.ReadAsStreamAsync(ct))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            actual = $"{name}:{Convert.ToHexStringLower(hash.GetHashAndReset())}";
        }
        catch (HttpRequestException e)
        {
            throw session.Failure(instruction, $"{url}: {e.Message}");
        }

        if (checksum is not null && !string.Equals(checksum, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw session.Failure(instruction, $"{url}: the content's digest is {actual}, not {checksum}");
        }

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(file, (lastModified ?? DateTimeOffset.UnixEpoch).UtcDateTime);
        return new CopySource(file, UrlFileName.Of(url), false);
    }
}
