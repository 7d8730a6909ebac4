using System.Text.RegularExpressions;
using Wharf.Build.Cache;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Registry.Builds;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Builds;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Builds;

/// <summary>The options of <c>wharf build</c> a server build takes (the reproducible epoch, <c>--no-reproducible</c>,
/// compression, platform, memory limit, cache refs), checked as the rest of a submission is: each bad value a 400
/// naming the field.</summary>
internal static partial class BuildInput
{
    public const int MaxCacheRefs = 10;

    /// <summary>The latest epoch a build can stamp (9999-12-31T23:59:59Z, <see cref="DateTimeOffset.MaxValue"/>'s second).</summary>
    public const long MaxEpoch = 253_402_300_799;

    /// <summary>The least memory limit, as <c>wharf build --memory</c> takes it: runc refuses less.</summary>
    public const long MinMemoryLimit = 4L * 1024 * 1024;

    /// <summary>What a query or JSON submission asked for beyond the context, Dockerfile, target, args and test.</summary>
    public sealed record BuildOptions(
        long? SourceDateEpoch,
        bool Reproducible,
        string? Compression,
        string? Platform,
        long? MemoryLimit,
        IEnumerable<string>? CacheFrom,
        IEnumerable<string>? CacheTo);

    /// <summary><paramref name="spec"/> with <paramref name="asked"/> checked and applied. The cache refs are checked
    /// against the host the build was sent to (<see cref="BuildSpec.RegistryHost"/>), so it must be set.</summary>
    public static BuildSpec WithOptions(BuildSpec spec, BuildOptions asked, BuildsOptions server)
    {
        if (!asked.Reproducible && asked.SourceDateEpoch is not null)
        {
            throw new ApiProblemException("sourceDateEpoch is the time a reproducible build stamps: leave it out with reproducible=false");
        }

        return spec with
        {
            SourceDateEpoch = asked.SourceDateEpoch is { } epoch and (< 0 or > MaxEpoch)
                ? throw new ApiProblemException($"sourceDateEpoch must be a whole number of seconds from 0 to {MaxEpoch}")
                : asked.SourceDateEpoch,
            Reproducible = asked.Reproducible,
            Compression = Compression(asked.Compression),
            Platform = TargetPlatform(asked.Platform),
            MemoryLimit = MemoryLimit(asked.MemoryLimit, server.StepMemoryLimit),
            CacheFrom = CacheFrom(asked.CacheFrom),
            CacheTo = CacheTo(asked.CacheTo, spec.RegistryHost),
        };
    }

    /// <summary>gzip (the default), zstd or none, as <c>wharf build --compression</c>.</summary>
    public static string Compression(string? name) => name switch
    {
        null or "" or "gzip" => "gzip",
        "zstd" or "none" => name,
        _ => throw new ApiProblemException("compression must be gzip, zstd or none"),
    };

    /// <summary>os/arch or os/arch/variant (<c>linux/arm64</c>, <c>linux/arm/v7</c>); null for the worker's own.</summary>
    public static Platform? TargetPlatform(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : PlatformText().IsMatch(text) ? PlatformMatcher.Parse(text)
        : throw new ApiProblemException("platform must be os/arch or os/arch/variant, like linux/amd64 or linux/arm/v7");

    /// <summary>A build's own memory limit per RUN step: at least 4 MiB, and never above this server's
    /// <c>Builds:StepMemoryLimit</c> (a submitter may lower the server's limit for their build, not lift it).</summary>
    public static long? MemoryLimit(long? bytes, long? serverLimit) => bytes switch
    {
        null => null,
        < MinMemoryLimit => throw new ApiProblemException($"memoryLimit must be at least {MinMemoryLimit} bytes (4 MiB)"),
        var asked when asked > serverLimit => throw new ApiProblemException(
            $"memoryLimit {asked} is above this server's limit of {serverLimit} bytes per RUN step (Builds:StepMemoryLimit): a build may only lower it"),
        var asked => asked,
    };

    /// <summary><c>cacheFrom</c> values in <c>wharf build --cache-from</c>'s syntax (buildx's).</summary>
    public static IReadOnlyList<ImageReference> CacheFrom(IEnumerable<string>? values)
    {
        var references = Parse(values, v => BuildCacheFlags.ParseFrom(v, "cacheFrom")).Distinct().ToList();
        return references.Count > MaxCacheRefs ? throw new ApiProblemException($"at most {MaxCacheRefs} cacheFrom refs") : references;
    }

    /// <summary><c>cacheTo</c> values in <c>wharf build --cache-to</c>'s syntax, each a tag of this registry: the server
    /// writes a cache only in process, as the submitter, and holds no credentials for any other registry.</summary>
    public static IReadOnlyList<BuildCacheTarget> CacheTo(IEnumerable<string>? values, string? registryHost)
    {
        var exports = Parse(values, v => BuildCacheFlags.ParseTo(v, "cacheTo")).ToList();
        if (exports.Count > MaxCacheRefs)
        {
            throw new ApiProblemException($"at most {MaxCacheRefs} cacheTo refs");
        }

        if (exports.FirstOrDefault(e => !ThisRegistry.Names(registryHost, e.Reference)) is { } elsewhere)
        {
            throw new ApiProblemException(
                $"cacheTo {BuildCacheFlags.Text(elsewhere.Reference)}: a build on the server exports its cache only to this registry " +
                $"({registryHost ?? "the host the build is sent to"}); it holds no credentials for {elsewhere.Reference.Host}");
        }

        return [.. exports.Select(e => new BuildCacheTarget(e.Reference, e.Mode == CacheMode.Max ? BuildCacheTarget.Max : BuildCacheTarget.Min, e.IgnoreError))];
    }

    private static List<T> Parse<T>(IEnumerable<string>? values, Func<string, IEnumerable<T>> parse)
    {
        var parsed = new List<T>();
        foreach (var value in values?.Where(v => v.Length > 0) ?? [])
        {
            if (value.Length > MaxText || value.Any(char.IsControl))
            {
                throw new ApiProblemException($"a cache ref is at most {MaxText} characters, without control characters");
            }

            try
            {
                parsed.AddRange(parse(value));
            }
            catch (ArgumentException e)
            {
                throw new ApiProblemException(e.Message);
            }
        }

        return parsed;
    }

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}/[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}(/[a-zA-Z0-9][a-zA-Z0-9._-]{0,63})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformText();
}
