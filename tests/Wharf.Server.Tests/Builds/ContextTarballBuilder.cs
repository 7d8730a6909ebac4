using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Build;
using Wharf.Build.Dockerfile;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Server.Tests.Builds;

/// <summary>
/// A stand-in <see cref="IImageBuilder"/> for the tests of builds on the server, until the runc <c>ImageBuilder</c> is
/// there: it builds a real small image — one uncompressed layer holding the context's files (the Dockerfile aside), a
/// config and an OCI manifest, written as an OCI image layout and opened with <see cref="OciLayoutSource"/> — so that
/// the push into the registry, every digest and every byte are real. Its "Dockerfile" is a script for the test, one
/// instruction a line: <c>LOG text</c> prints a line, <c>ARG NAME</c> prints the build arg, <c>SLEEP ms</c> waits,
/// <c>BLOCK</c> waits until the build is cancelled, <c>FAIL text</c> fails the step (<see cref="BuildFailedException"/>
/// naming the line), <c>BAD text</c> is a refused Dockerfile (<see cref="DockerfileException"/>), <c>FROM image</c> opens the
/// image through the request's base images as a FROM does and puts its manifest digest into the layer as
/// <c>base-digest</c>, <c>SECRET id</c> reads the request's secret file (failing as the real builder does when it was not
/// given) and puts its SHA-256 into the layer as <c>secret-ID.sha256</c>, <c>SSHKEY id</c> likewise each key file of
/// the id, one line each, as <c>ssh-ID.sha256</c> (hashes: the values themselves never reach an image); the secret
/// files it read are in <see cref="SecretFiles"/>. The runc builder's end-to-end server tests are separate.
/// </summary>
public sealed class ContextTarballBuilder(string stateDirectory) : IImageBuilder
{
    private int _cancelled;

    /// <summary>Completed when a build reaches <c>BLOCK</c>.</summary>
    public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Builds that were stopped by their token (whose processes, with the real builder, are then gone).</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>The secret and key files <c>SECRET</c> and <c>SSHKEY</c> read, with their mode and their directory's.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Path, UnixFileMode Mode, UnixFileMode DirectoryMode)> SecretFiles { get; } = new();

    /// <summary>The requests it was given, in order.</summary>
    public List<BuildRequest> Requests { get; } = [];

    public async Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken ct)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        var dockerfile = Path.Combine(request.ContextDirectory, request.DockerfilePath);
        if (!File.Exists(dockerfile))
        {
            throw new BuildFailedException($"{request.DockerfilePath}: no such file in the build context");
        }

        var lines = await File.ReadAllLinesAsync(dockerfile, ct);
        var added = new Dictionary<string, string>();
        for (var i = 0; i < lines.Length; i++)
        {
            log.Line($"Step {i + 1}/{lines.Length} : {lines[i]}");
            var space = lines[i].IndexOf(' ', StringComparison.Ordinal);
            var (word, rest) = space < 0 ? (lines[i], "") : (lines[i][..space], lines[i][(space + 1)..]);
            switch (word)
            {
                case "LOG":
                    log.Line(rest);
                    break;
                case "ARG":
                    log.Line($"{rest}={request.BuildArgs.GetValueOrDefault(rest)}");
                    break;
                case "SLEEP":
                    await Task.Delay(int.Parse(rest, System.Globalization.CultureInfo.InvariantCulture), ct);
                    break;
                case "BLOCK":
                    Blocked.TrySetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref _cancelled);
                        throw;
                    }

                    break;
                case "FAIL":
                    throw new BuildFailedException($"{request.DockerfilePath}:{i + 1}: RUN {rest}");
                case "BAD":
                    throw new DockerfileException(request.DockerfilePath, i + 1, "RUN", rest);
                case "SECRET":
                    var secret = request.Secrets.GetValueOrDefault(rest)
                        ?? throw new BuildFailedException($"{request.DockerfilePath}:{i + 1}: RUN: secret {rest} is required but was not given (--secret id={rest},src=FILE)");
                    added[$"secret-{rest}.sha256"] = Sha256Of(secret);
                    break;
                case "SSHKEY":
                    var keys = request.SshKeys.GetValueOrDefault(rest)
                        ?? throw new BuildFailedException($"{request.DockerfilePath}:{i + 1}: RUN: ssh agent {rest} is required but was not given (wharf build --ssh {rest})");
                    added[$"ssh-{rest}.sha256"] = string.Concat(keys.Select(k => Sha256Of(k) + "\n"));
                    break;
                case "FROM":
                    await using (var image = await request.BaseImages!.OpenAsync(ImageReference.Parse(rest), ct))
                    {
                        added["base-digest"] = (await image.GetManifestAsync(ct)).Digest.ToString();
                        log.Line($"from {added["base-digest"]}");
                    }

                    break;
            }
        }

        return await WriteImageAsync(request, added, ct);
    }

    private async Task<BuildResult> WriteImageAsync(BuildRequest request, IReadOnlyDictionary<string, string> added, CancellationToken ct)
    {
        var layout = Path.Combine(stateDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256"));
        var layer = new MemoryStream();
        await using (var tar = new TarWriter(layer, TarEntryFormat.Pax, leaveOpen: true))
        {
            var root = Path.GetFullPath(request.ContextDirectory);
            var dockerfile = Path.GetFullPath(Path.Combine(root, request.DockerfilePath));
            foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (path != dockerfile)
                {
                    await tar.WriteEntryAsync(path, Path.GetRelativePath(root, path), ct);
                }
            }

            foreach (var (name, text) in added)
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) }, ct);
            }
        }

        var layerBytes = layer.ToArray();
        var layerDigest = await WriteBlobAsync(layout, layerBytes, ct);
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Labels"] = new JsonObject { ["built-by"] = "ContextTarballBuilder" } },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layerDigest.ToString()) },
        }.ToJsonString());
        var configDigest = await WriteBlobAsync(layout, config, ct);
        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = Descriptor(MediaTypes.OciConfig, configDigest, config.Length),
            ["layers"] = new JsonArray(Descriptor(MediaTypes.OciLayerTar, layerDigest, layerBytes.Length)),
        }.ToJsonString());
        var manifestDigest = await WriteBlobAsync(layout, manifest, ct);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = MediaTypes.OciManifest,
                ["digest"] = manifestDigest.ToString(),
                ["size"] = manifest.Length,
                ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = "built" },
            }),
        };
        await File.WriteAllTextAsync(Path.Combine(layout, "index.json"), index.ToJsonString(), ct);
        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""", ct);
        var source = await OciLayoutSource.OpenAsync(ImageReference.Parse($"oci:{layout}:built"), ct);
        return new BuildResult(new ManifestContent(manifest, MediaTypes.OciManifest), configDigest, source);
    }

    private string Sha256Of(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            SecretFiles.Enqueue((file, File.GetUnixFileMode(file), File.GetUnixFileMode(Path.GetDirectoryName(file)!)));
        }

        return Digest.Compute(File.ReadAllBytes(file)).Hex;
    }

    private static async Task<Digest> WriteBlobAsync(string layout, byte[] bytes, CancellationToken ct)
    {
        var digest = Digest.Compute(bytes);
        await File.WriteAllBytesAsync(Path.Combine(layout, "blobs", "sha256", digest.Hex), bytes, ct);
        return digest;
    }

    private static JsonObject Descriptor(string mediaType, Digest digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest.ToString(), ["size"] = size };
}
