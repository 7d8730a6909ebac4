using Wharf.Build.Cache;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf build --cache-from/--cache-to</c> values in buildx's syntax, and what a bad one does: one line
/// naming the flag and the value, exit 1, before anything is built.</summary>
public sealed class BuildCacheFlagsTests
{
    [Theory]
    [InlineData("type=registry,ref=localhost:5000/team/app:cache", "docker://localhost:5000/team/app:cache", CacheMode.Min, false)]
    [InlineData("type=registry,ref=localhost:5000/team/app:cache,mode=max", "docker://localhost:5000/team/app:cache", CacheMode.Max, false)]
    [InlineData("type=registry,ref=localhost:5000/team/app:cache,mode=min,ignore-error=true", "docker://localhost:5000/team/app:cache", CacheMode.Min, true)]
    [InlineData("type=registry,ref=localhost:5000/a:b,oci-mediatypes=true,image-manifest=true", "docker://localhost:5000/a:b", CacheMode.Min, false)]
    [InlineData("localhost:5000/team/app:cache", "docker://localhost:5000/team/app:cache", CacheMode.Min, false)]
    public void Cache_to_values_in_buildx_syntax(string value, string reference, CacheMode mode, bool ignoreError)
    {
        var export = Assert.Single(BuildCacheFlags.ParseTo(value));

        Assert.Equal(reference, export.Reference.ToString());
        Assert.Equal(mode, export.Mode);
        Assert.Equal(ignoreError, export.IgnoreError);
    }

    [Theory]
    [InlineData("type=registry,ref=localhost:5000/team/app:cache", new[] { "docker://localhost:5000/team/app:cache" })]
    [InlineData("localhost:5000/team/app:cache", new[] { "docker://localhost:5000/team/app:cache" })]
    [InlineData("localhost:5000/a:1,localhost:5000/b:2", new[] { "docker://localhost:5000/a:1", "docker://localhost:5000/b:2" })]
    [InlineData("localhost:5000/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", new[] { "docker://localhost:5000/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" })]
    public void Cache_from_values_in_buildx_syntax(string value, string[] references) =>
        Assert.Equal(references, BuildCacheFlags.ParseFrom(value).Select(r => r.ToString()));

    [Theory]
    [InlineData("type=registry,ref=localhost:5000/a:b,mode=mid", "--cache-to type=registry,ref=localhost:5000/a:b,mode=mid: mode=mid: use min or max")]
    [InlineData("type=local,dest=/tmp/cache", "--cache-to type=local,dest=/tmp/cache: type=local is not supported: use type=registry")]
    [InlineData("ref=localhost:5000/a:b", "--cache-to ref=localhost:5000/a:b: type= is missing (type=registry)")]
    [InlineData("type=registry", "--cache-to type=registry: ref= is missing (ref=HOST/REPO:TAG)")]
    [InlineData("type=registry,ref=localhost:5000/a:b,compression=zstd", "--cache-to type=registry,ref=localhost:5000/a:b,compression=zstd: unknown field compression= (expected type=, ref=, mode=, ignore-error=, oci-mediatypes=, image-manifest=)")]
    [InlineData("type=registry,ref=localhost:5000/a:b,ignore-error=yes", "--cache-to type=registry,ref=localhost:5000/a:b,ignore-error=yes: ignore-error=yes: use true or false")]
    [InlineData("type=registry,ref=localhost:5000/a:b,image-manifest=false", "--cache-to type=registry,ref=localhost:5000/a:b,image-manifest=false: image-manifest=false: Wharf writes the cache as an OCI image manifest only")]
    [InlineData("type=registry,ref=oci:/tmp/layout", "--cache-to type=registry,ref=oci:/tmp/layout: oci:/tmp/layout is not a registry reference (HOST/REPO:TAG)")]
    [InlineData("type=registry,ref=localhost:5000/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "--cache-to type=registry,ref=localhost:5000/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef: localhost:5000/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef: a cache is pushed under a tag, not a digest")]
    [InlineData("localhost:5000/a:b,", "--cache-to localhost:5000/a:b,: expected type=registry,ref=HOST/REPO:TAG or HOST/REPO:TAG")]
    [InlineData("type=registry,ref=localhost:5000/A:b", "--cache-to type=registry,ref=localhost:5000/A:b: 'localhost:5000/A:b': 'A' is not a valid repository name (lowercase a-z, 0-9, separators . _ - /)")]
    public void A_bad_cache_to_value_is_one_message_naming_it(string value, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => BuildCacheFlags.ParseTo(value).ToList()).Message);

    [Theory]
    [InlineData("type=registry,ref=localhost:5000/a:b,mode=max", "--cache-from type=registry,ref=localhost:5000/a:b,mode=max: unknown field mode= (expected type=, ref=)")]
    [InlineData("type=gha", "--cache-from type=gha: type=gha is not supported: use type=registry")]
    public void A_bad_cache_from_value_is_one_message_naming_it(string value, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => BuildCacheFlags.ParseFrom(value).ToList()).Message);

    [Fact]
    public async Task A_bad_cache_to_value_is_the_commands_one_line_error_and_exit_1()
    {
        var context = Directory.CreateTempSubdirectory("wharf-test-cache-flags-").FullName;
        try
        {
            var result = await WharfCli.RunAsync(["build", "--state", Path.Combine(context, "state"), "--cache-to", "type=registry,ref=localhost:5000/a:b,mode=mid", context],
                ct: TestContext.Current.CancellationToken);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("wharf build: --cache-to type=registry,ref=localhost:5000/a:b,mode=mid: mode=mid: use min or max", result.StandardError.Trim());
            Assert.Equal("", result.StandardOutput);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }
}
