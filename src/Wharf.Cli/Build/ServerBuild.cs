using Wharf.Build;
using Wharf.Build.Cache;
using Wharf.Build.Layers;
using Wharf.Cli.Api;
using Wharf.Oci.Images;

namespace Wharf.Cli.Build;

/// <summary><c>wharf build --server HOST</c>: the same build, run by the server's workers. The context is uploaded (a
/// tar.gz honouring .dockerignore) with every option that shapes the image — the reproducible epoch resolved here
/// exactly as a local build resolves it, <c>--no-reproducible</c>, <c>--compression</c>, <c>--platform</c> — and the
/// build's <c>--memory</c> and cache refs; the log is followed to stderr as it is written, and the result read back: the
/// digest on stdout, or the failed step as the one-line error. Ctrl-C cancels the build on the server. Secrets and ssh
/// key files are read here and sent with the context, in the body (<see cref="ServerBuildSecrets"/>); the server seals
/// them until the build ends (decision 017).</summary>
internal static class ServerBuild
{
    /// <param name="environmentSecrets">The values of <c>--secret id=ID,env=VAR</c>, beside the files of
    /// <see cref="BuildRequest.Secrets"/>.</param>
    /// <param name="memoryLimit">The build's <c>--memory</c>, in bytes: the server refuses one above its own limit.</param>
    public static async Task<int> RunAsync(
        string server, bool insecure, IReadOnlyList<ImageReference> tags, BuildRequest request, IReadOnlyDictionary<string, string> environmentSecrets,
        long? memoryLimit, bool quiet, CancellationToken ct)
    {
        if (tags.Count == 0 || tags.Any(t => t.Transport != ImageTransport.Registry))
        {
            throw new ArgumentException("--server needs at least one -t HOST/REPO:TAG, and no --output (the server pushes the image)");
        }

        if (request.SshAgents.Keys.Order(StringComparer.Ordinal).FirstOrDefault() is { } agent)
        {
            throw new ArgumentException(
                $"--ssh {agent} cannot be used with --server: an agent on this machine cannot reach the server's build; give key files instead (--ssh {agent}=KEYFILE)");
        }

        if (BuildEntitlementNames.Of(request.Entitlements).FirstOrDefault() is { } entitlement)
        {
            // The server's builder grants no entitlement: its builds are a security boundary.
            throw new ArgumentException(request.HostNetwork
                ? "--network host cannot be used with --server: a server's builds never get the host's network"
                : $"--allow {entitlement} cannot be used with --server: a server's builds are never granted it");
        }

        var repository = $"{tags[0].Repository}";
        if (tags.Any(t => $"{t.Repository}" != repository || t.Host != tags[0].Host))
        {
            throw new ArgumentException("--server builds one repository: every -t must name the same HOST/REPO");
        }

        var secrets = ServerBuildSecrets.Read(request, environmentSecrets);

        using var client = await WharfApiClient.ConnectAsync(server, insecure, ct);
        var submission = new BuildSubmission(repository, [.. tags.Select(t => $"{t.Reference}")])
        {
            Dockerfile = request.DockerfilePath,
            Target = request.Target,
            BuildArgs = request.BuildArgs,
            NoCache = request.NoCache,
            Test = request.Test,
            // Resolved here, where the context's git work tree is: the uploaded context has no commit time the server
            // could read (and a server never runs git in an upload), so it builds at exactly this epoch.
            SourceDateEpoch = request.Reproducible ? request.SourceDateEpoch ?? await SourceDateEpoch.OfContextAsync(request.ContextDirectory, ct) : null,
            Reproducible = request.Reproducible,
            Compression = request.Compression switch
            {
                LayerCompression.Zstd => "zstd",
                LayerCompression.None => "none",
                _ => null, // gzip, the server's default too
            },
            Platform = request.Platform?.ToString(),
            MemoryLimit = memoryLimit,
            CacheFrom = [.. request.CacheFrom.Select(BuildCacheFlags.Text)],
            CacheTo = [.. request.CacheTo.Select(BuildCacheFlags.Format)],
        };
        BuildStatus queued;
        try
        {
            queued = await client.SubmitBuildAsync(submission, request.ContextDirectory, secrets, ct);
        }
        finally
        {
            secrets.Clear();
        }

        if (!quiet)
        {
            await Console.Error.WriteLineAsync($"build {queued.Id} queued on {server}");
        }

        try
        {
            await client.FollowLogAsync(queued.Id, line =>
            {
                if (!quiet)
                {
                    Console.Error.WriteLine(line);
                }
            }, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await client.CancelBuildAsync(queued.Id, CancellationToken.None);
            throw;
        }

        var status = await client.GetBuildAsync(queued.Id, ct);
        if (status.State != "succeeded")
        {
            throw new BuildFailedException($"build {status.Id} {status.State}: {status.Error ?? "no error recorded"}");
        }

        Console.WriteLine(status.ManifestDigest);
        return 0;
    }
}
