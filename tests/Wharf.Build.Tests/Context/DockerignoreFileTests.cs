using Wharf.Build.Context;

namespace Wharf.Build.Tests.Context;

public sealed class DockerignoreFileTests
{
    [Fact]
    public void The_Dockerfiles_own_ignore_file_takes_precedence()
    {
        var present = new HashSet<string> { "ctx/build/app.Dockerfile.dockerignore", Path.Combine("ctx", ".dockerignore") };
        Assert.Equal("ctx/build/app.Dockerfile.dockerignore", DockerignoreFile.Locate("ctx", "ctx/build/app.Dockerfile", present.Contains));
    }

    [Fact]
    public void Otherwise_the_contexts_ignore_file_applies()
    {
        var present = new HashSet<string> { Path.Combine("ctx", ".dockerignore") };
        Assert.Equal(Path.Combine("ctx", ".dockerignore"), DockerignoreFile.Locate("ctx", "ctx/Dockerfile", present.Contains));
        Assert.Null(DockerignoreFile.Locate("ctx", "ctx/Dockerfile", _ => false));
    }

    [Fact]
    public async Task Loading_reads_the_file_that_applies()
    {
        var context = Directory.CreateTempSubdirectory("wharf-ignore-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, ".dockerignore"), "*.log\n", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile.dockerignore"), "*.tmp\n", TestContext.Current.CancellationToken);
            var matcher = await DockerignoreFile.LoadAsync(context.FullName, Path.Combine(context.FullName, "Dockerfile"), TestContext.Current.CancellationToken);
            Assert.True(matcher.IsExcluded("a.tmp"));
            Assert.False(matcher.IsExcluded("a.log"));
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }
}
