using System.CommandLine;
using System.Globalization;
using Wharf.Build;
using Wharf.Build.Cache;
using Wharf.Build.Dockerfile;
using Wharf.Build.Layers;
using Wharf.Cli.Build;
using Wharf.Oci.Images;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf build [-t REF]... [--output REF] [--cache-from REF]... [--cache-to REF] [--test CMD] CONTEXT</c>: builds a Dockerfile without any daemon
/// (<see cref="ImageBuilder"/>: runc for RUN) and copies the image to each tag's registry and to the output, the way
/// <c>wharf copy</c> does. Prints the manifest digest on stdout.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var context = new Argument<string>("context") { Description = "The build context: a directory." };
        var tags = new Option<string[]>("--tag", "-t") { Description = "Push the image as HOST/REPO:TAG (repeatable).", AllowMultipleArgumentsPerToken = false };
        var file = new Option<string?>("--file", "-f") { Description = "The Dockerfile (default: CONTEXT/Dockerfile)." };
        var target = new Option<string?>("--target") { Description = "The stage to build (default: the last)." };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "NAME=VALUE, or NAME to take the value from the environment (repeatable)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Run every step, even those the build cache holds." };
        var output = new Option<string[]>("--output", "-o") { Description = "Also write the image to oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE[:REPO:TAG] (repeatable)." };
        var epoch = new Option<long?>("--source-date-epoch") { Description = "Seconds since 1970 that stand for \"now\" (default: $SOURCE_DATE_EPOCH, else the context's git commit time, else 0)." };
        var noReproducible = new Option<bool>("--no-reproducible") { Description = "Real timestamps instead of the epoch." };
        var compression = new Option<string>("--compression") { Description = "Layer compression: gzip (default), zstd or none.", DefaultValueFactory = _ => "gzip" };
        var secrets = new Option<string[]>("--secret") { Description = "id=ID,src=FILE or id=ID,env=VARIABLE: a secret RUN --mount=type=secret can read (repeatable; sent sealed with --server)." };
        var ssh = new Option<string[]>("--ssh") { Description = "default|ID[=SOCKET|KEYFILE[,KEYFILE...]]: an ssh agent, or key files loaded into one, that RUN --mount=type=ssh (and ADD of a git repository over ssh) can use (repeatable; with --server only key files)." };
        var network = new Option<string>("--network") { Description = "RUN steps' network: none (default: loopback only) or host (which grants network.host).", DefaultValueFactory = _ => "none" };
        var allow = new Option<string[]>("--allow") { Description = "Grant an entitlement: network.host (RUN --network=host) or security.insecure (RUN --security=insecure) (repeatable)." };
        var server = new Option<string?>("--server") { Description = "Run the build on this Wharf server (HOST[:PORT]) instead of here; it pushes to the -t repository." };
        var cacheFrom = new Option<string[]>("--cache-from") { Description = "type=registry,ref=HOST/REPO:TAG (or just HOST/REPO:TAG): a build cache to take steps from (repeatable; a missing one is a warning)." };
        var cacheTo = new Option<string[]>("--cache-to") { Description = "type=registry,ref=HOST/REPO:TAG[,mode=min|max][,ignore-error=true]: push the build cache there after the build (min: the final image's steps; max: every stage's)." };
        var memory = new Option<string?>("--memory", "-m") { Description = "Memory each RUN step may use, e.g. 512m or 2g (default: no limit; with --server, the server's Builds:StepMemoryLimit, which this may only lower)." };
        var state = new Option<string?>("--state") { Description = "Where the builder keeps blobs, layers and caches (default: /var/lib/wharf/build as root)." };
        var test = new Option<string?>("--test")
        {
            Description = "A shell command run in the built image (as RUN would: /bin/sh -c, no network) before anything is pushed; its failure fails the build. What it writes is discarded.",
            HelpName = "COMMAND",
        };
        var platform = CommonOptions.PlatformOption();
        var insecure = CommonOptions.Insecure();
        var quiet = CommonOptions.Quiet();
        var command = new Command("build", "Build an image from a Dockerfile, without a Docker engine, and push it.")
        {
            context, tags, file, target, buildArgs, noCache, output, epoch, noReproducible, compression, secrets, ssh, network, allow, cacheFrom, cacheTo,
            server, memory, state, test, platform, insecure, quiet,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync("build", async () =>
        {
            var destinations = (result.GetValue(tags) ?? []).Select(ImageReference.Parse)
                .Concat((result.GetValue(output) ?? []).Select(ImageReference.Parse)).ToList();
            var transports = new ImageTransports(result.GetValue(insecure));
            var contextDirectory = result.GetValue(context)!;
            var sshForwards = SshAgentOption.Parse(result.GetValue(ssh) ?? [], Environment.GetEnvironmentVariable("SSH_AUTH_SOCK"));
            var secretFlags = BuildSecretFlags.Parse(result.GetValue(secrets) ?? [], Environment.GetEnvironmentVariable);
            var hostNetwork = result.GetValue(network) switch
            {
                "host" => true,
                "none" => false,
                var other => throw new ArgumentException($"--network {other}: use none or host"),
            };
            var request = new BuildRequest
            {
                ContextDirectory = contextDirectory,
                DockerfilePath = result.GetValue(file) is { } f ? Path.GetRelativePath(Path.GetFullPath(contextDirectory), Path.GetFullPath(f)) : "Dockerfile",
                Target = result.GetValue(target),
                BuildArgs = ParseBuildArgs(result.GetValue(buildArgs) ?? []),
                NoCache = result.GetValue(noCache),
                Reproducible = !result.GetValue(noReproducible),
                SourceDateEpoch = result.GetValue(epoch) ?? EpochFromEnvironment(),
                Compression = ParseCompression(result.GetValue(compression)!),
                Secrets = secretFlags.Files,
                SshAgents = sshForwards.Agents,
                SshKeys = sshForwards.KeyFiles,
                HostNetwork = hostNetwork,
                // --network host grants network.host too, as buildx's does.
                Entitlements = (result.GetValue(allow) ?? []).Aggregate(
                    hostNetwork ? BuildEntitlements.NetworkHost : BuildEntitlements.None, (granted, name) => granted | BuildEntitlementNames.Parse(name)),
                Platform = result.GetValue(platform),
                CacheFrom = [.. (result.GetValue(cacheFrom) ?? []).SelectMany(v => BuildCacheFlags.ParseFrom(v))],
                CacheTo = [.. (result.GetValue(cacheTo) ?? []).SelectMany(v => BuildCacheFlags.ParseTo(v))],
                Test = result.GetValue(test) is { Length: > 0 } command ? command : null,
            };
            var memoryLimit = result.GetValue(memory) is { } m
                ? ByteSize.Parse(m) is >= 4 * 1024 * 1024 and var bytes ? bytes : throw new ArgumentException($"--memory {m}: use a size of at least 4m, like 512m or 2g")
                : (long?)null;
            if (result.GetValue(server) is { } host)
            {
                var dockerfileOption = result.GetValue(file);
                return await ServerBuild.RunAsync(host, result.GetValue(insecure), (result.GetValue(tags) ?? []).Select(ImageReference.Parse).ToList()
                    .Concat((result.GetValue(output) ?? []).Select(ImageReference.Parse)).ToList(),
                    request with { DockerfilePath = dockerfileOption is null ? "Dockerfile" : Path.GetFullPath(dockerfileOption) }, secretFlags.Values,
                    memoryLimit, result.GetValue(quiet), ct);
            }

            using var environmentSecrets = EnvironmentSecretFiles.Write(secretFlags.Values);
            request = request with { Secrets = secretFlags.Files.Concat(environmentSecrets.Files).ToDictionary(StringComparer.Ordinal) };

            var builder = new ImageBuilder(new BuilderOptions
            {
                StateDirectory = BuildStateDirectory.Resolve(result.GetValue(state)),
                BaseImages = new TransportBaseImages(transports),
                CacheStore = new RegistryBuildCacheStore(transports.RegistryOptions),
                MemoryLimitBytes = memoryLimit,
                // Root running a build on its own machine may lift the sandbox; a server's builder never does.
                AllowedEntitlements = BuildEntitlements.NetworkHost | BuildEntitlements.SecurityInsecure,
            });

            var built = await builder.BuildAsync(request, new ConsoleBuildLog(result.GetValue(quiet)), ct);
            foreach (var destination in destinations)
            {
                await using var writer = await transports.OpenDestinationAsync(destination, ct);
                await new ImageCopier().CopyAsync(built.Image, writer, new CopyOptions(), ct);
                if (!result.GetValue(quiet))
                {
                    await Console.Error.WriteLineAsync($"pushed {destination}");
                }
            }

            Console.WriteLine(built.ManifestDigest);
            return 0;
        }));
        return command;
    }

    internal static Dictionary<string, string> ParseBuildArgs(IEnumerable<string> values)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                if (Environment.GetEnvironmentVariable(value) is { } fromEnvironment)
                {
                    args[value] = fromEnvironment;
                }
            }
            else
            {
                args[value[..equals]] = value[(equals + 1)..];
            }
        }

        return args;
    }

    private static LayerCompression ParseCompression(string value) => value switch
    {
        "gzip" => LayerCompression.Gzip,
        "zstd" => LayerCompression.Zstd,
        "none" or "uncompressed" => LayerCompression.None,
        _ => throw new ArgumentException($"--compression {value}: use gzip, zstd or none"),
    };

    private static long? EpochFromEnvironment() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
}
