using System.Security.Cryptography;
using Wharf.Build;
using Wharf.Build.Cache;
using Wharf.Build.Layers;
using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Images;
using Wharf.Registry.Builds;
using Wharf.Registry.Events;
using Wharf.Registry.Images;

namespace Wharf.Server.Builds;

/// <summary>The steps of one build on a worker: its secrets opened (<see cref="BuildSecretFiles"/>) and its context put
/// into a scratch directory of its own (unpacked from the shared blob store, or fetched with git),
/// <see cref="IImageBuilder.BuildAsync"/>, and the image copied into the target repository in process
/// (<see cref="InProcessImageDestination"/>) as the submitter, whose push right was checked when the build was queued.
/// The scratch directory, the secrets first, is removed whatever happens.</summary>
internal sealed class BuildRunner(BuildWorkerServices services, BuildWorkerSettings settings, string workerId)
{
    /// <summary>Runs the build and returns the digest of the manifest its tags now name; the images of this registry it
    /// read by tag go into <paramref name="read"/>.</summary>
    public async Task<Digest> RunAsync(BuildRecord build, IBuildLog log, BaseImagesRead read, CancellationToken ct)
    {
        var scratch = Path.Combine(settings.Directory, "contexts", $"{build.Id}-{Guid.NewGuid().ToString("N")[..8]}");
        var secretsDirectory = Path.Combine(scratch, "secrets");
        Directory.CreateDirectory(scratch);
        try
        {
            var secrets = await OpenSecretsAsync(build, ct);
            log = SecretMaskingBuildLog.Over(log, secrets);
            var (secretFiles, keyFiles) = WriteSecrets(secrets, secretsDirectory);
            var (context, checkout) = await PrepareContextAsync(build, scratch, log, ct);
            var spec = build.Spec;
            ContextPaths.Inside(context, spec.Dockerfile, "the Dockerfile");
            var request = new BuildRequest
            {
                ContextDirectory = context,
                DockerfilePath = spec.Dockerfile,
                Target = spec.Target,
                BuildArgs = CommitVariables.Fill(spec, checkout),
                NoCache = spec.NoCache,
                Test = spec.Test,
                // The submitter's epoch, else a git context's commit time, else 0 — never git run in an uploaded
                // context, whose .git/config could name programs for git to run (BuilderOptions.EpochFromContextGit).
                SourceDateEpoch = spec.SourceDateEpoch ?? checkout?.CommitTime ?? 0,
                Reproducible = spec.Reproducible,
                Compression = Compression(spec.Compression),
                Platform = spec.Platform,
                MemoryLimitBytes = spec.MemoryLimit,
                BaseImages = new SubmitterBaseImages(services, spec, new RegistryBaseImages(), read),
                Secrets = secretFiles,
                SshKeys = keyFiles,
                CacheStore = new SubmitterBuildCache(services, spec, new RegistryBuildCacheStore(new RegistryClientOptions())),
                CacheFrom = spec.CacheFrom,
                // Builds for other repositories (other teams) never share a step's result or a cache mount.
                CacheScope = spec.Repository,
                CacheTo = [.. spec.CacheTo.Select(t => new CacheExport(t.Reference, t.Mode == BuildCacheTarget.Max ? CacheMode.Max : CacheMode.Min, t.IgnoreError))],
            };
            var result = await services.Builder.BuildAsync(request, log, ct);
            await using var image = result.Image;
            log.Line($"pushing {result.ManifestDigest} to {spec.Repository}");
            await using var destination = new InProcessImageDestination(
                services.Uploads, services.Blobs, services.Manifests, RepositoryName.Parse(spec.Repository), spec.Tags, new RegistryActor(spec.RequestedBy, null));
            var copy = await new ImageCopier().CopyAsync(image, destination, new CopyOptions(), ct);
            return copy.Manifest;
        }
        finally
        {
            BuildSecretFiles.Delete(secretsDirectory);
            Remove(scratch);
        }
    }

    /// <summary>The secrets and ssh key files the build was submitted with, opened with this node's key; none when it
    /// had none. <see cref="BuildContextException"/> (the build fails in one line) when this node has no key or another
    /// one than the node that sealed them, or when they are gone.</summary>
    private async Task<BuildSecrets> OpenSecretsAsync(BuildRecord build, CancellationToken ct)
    {
        var spec = build.Spec;
        if (!spec.HasSecrets)
        {
            return BuildSecrets.None;
        }

        var given = string.Join(", ", spec.SecretIds.Select(i => $"secret {i}").Concat(spec.SshIds.Select(i => $"ssh {i}")));
        var rows = await services.Builds.FindSecretsAsync(build.Id, workerId, ct);
        BuildSecrets secrets;
        try
        {
            secrets = BuildSecrets.Open(rows, services.SecretKeys.Box ?? throw new CryptographicException());
        }
        catch (CryptographicException)
        {
            throw new BuildContextException(
                $"worker {workerId} cannot open the build's secrets ({given}): every node and build worker sharing the database needs the same Secrets:Key");
        }

        if (!secrets.Values.Keys.Order(StringComparer.Ordinal).SequenceEqual(spec.SecretIds, StringComparer.Ordinal)
            || !secrets.SshKeys.Keys.Order(StringComparer.Ordinal).SequenceEqual(spec.SshIds, StringComparer.Ordinal))
        {
            secrets.Clear();
            throw new BuildContextException($"the build's secrets ({given}) are no longer in the database");
        }

        return secrets;
    }

    /// <summary>Writes the opened secrets for the builder and wipes them from memory.</summary>
    private static (IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, IReadOnlyList<string>>) WriteSecrets(BuildSecrets secrets, string directory)
    {
        try
        {
            return BuildSecretFiles.Write(secrets, directory);
        }
        finally
        {
            secrets.Clear();
        }
    }
    /// <summary>The compression the API accepted (<c>BuildInput.Compression</c>).</summary>
    private static LayerCompression Compression(string name) => name switch
    {
        "zstd" => LayerCompression.Zstd,
        "none" => LayerCompression.None,
        _ => LayerCompression.Gzip,
    };

    /// <summary>The context directory and, for git, the commit checked out (its time is the reproducible epoch).</summary>
    private async Task<(string Directory, GitCheckout? Checkout)> PrepareContextAsync(BuildRecord build, string scratch, IBuildLog log, CancellationToken ct)
    {
        var context = Path.Combine(scratch, "context");
        Directory.CreateDirectory(context);
        if (build.Spec.Git is { } git)
        {
            var credential = await services.GitCredentials.ForAsync(build.Spec, ct);
            var checkout = await GitContextFetcher.FetchAsync(git, context, settings.Options.AllowedGitProtocols, credential, log, ct);
            await services.Builds.RecordGitCommitAsync(build.Id, workerId, checkout.Commit, ct);
            if (CommitVariables.SkipReason(build.Spec, checkout) is { } skipped)
            {
                throw new BuildSkippedException(skipped);
            }

            var directory = git.Subfolder is { Length: > 0 } subfolder ? ContextPaths.Inside(context, subfolder, "the git subfolder") : context;
            return Directory.Exists(directory)
                ? (directory, checkout)
                : throw new BuildContextException($"the git subfolder '{git.Subfolder}' is not a directory at {checkout.Commit}");
        }

        var digest = build.Spec.ContextDigest!.Value;
        log.Line($"unpacking the context {digest}");
        bool gzip;
        await using (var head = await OpenContextAsync(digest, ct))
        {
            var magic = new byte[2];
            gzip = await head.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, ct) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        }

        await using var archive = await OpenContextAsync(digest, ct);
        await ContextArchive.ExtractAsync(archive, gzip, context, settings.Options.MaxContextSize, ct);
        return (context, null);
    }

    private async Task<Stream> OpenContextAsync(Digest digest, CancellationToken ct) =>
        await services.BlobStore.OpenReadAsync(digest, 0, ct)
        ?? throw new BuildContextException($"the build's context {digest} is no longer in the blob store");

    /// <summary>Removes a scratch directory, making read-only directories of the context writable first.</summary>
    private static void Remove(string directory)
    {
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var sub in Directory.EnumerateDirectories(directory, "*", options))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(sub, File.GetUnixFileMode(sub) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the operator: a build's scratch space holds nothing anyone needs.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
