using Wharf.Build.Dockerfile;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class ParseFileTests
{
    [Fact]
    public async Task A_file_is_read_and_errors_use_the_display_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wharf-{Guid.NewGuid():N}.Dockerfile");
        try
        {
            await File.WriteAllTextAsync(path, "FROM scratch\nCOPY --form=x a b\n", TestContext.Current.CancellationToken);
            var e = await Assert.ThrowsAsync<DockerfileException>(
                () => DockerfileParser.ParseFileAsync(path, "Dockerfile.prod", TestContext.Current.CancellationToken));
            Assert.Equal("Dockerfile.prod:2: COPY: unknown flag --form (did you mean --from?)", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
