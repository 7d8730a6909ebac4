using System.Runtime.InteropServices;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli.Native;

/// <summary>The wharf client published with Native AOT (decision 021), once for the tests that use it, into a temporary
/// directory: <c>dotnet publish src/Wharf.Cli -r linux-ARCH -p:PublishAot=true</c>, with wharf-server copied beside it as
/// a publish puts it. Needs clang and zlib1g-dev (scripts/install-test-tools.sh); a missing one fails the publish.</summary>
public sealed class NativeClientFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-native-").FullName;

    /// <summary>The native <c>wharf</c> executable.</summary>
    public string Wharf => Path.Combine(_directory, "wharf");

    public async ValueTask InitializeAsync()
    {
        ExternalTool.Require("clang");
        var runtime = $"linux-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
        var project = Path.Combine(SourceTree.Root, "src", "Wharf.Cli", "Wharf.Cli.csproj");
        // The publish builds wharf-server where the JIT build of src/Wharf.Cli the other tests run puts it: not at once.
        await WharfProcess.BuildLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            var publish = await ExternalTool.RunAsync(
                "dotnet",
                ["publish", project, "-c", SourceTree.Configuration, "-r", runtime, "-p:PublishAot=true", "-o", _directory, "--nologo", "-v", "quiet"],
                timeout: TimeSpan.FromMinutes(30), // minutes on a loaded 2-core machine
                ct: TestContext.Current.CancellationToken);
            publish.EnsureSuccess();
        }
        finally
        {
            WharfProcess.BuildLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs the native <c>wharf ARGS</c> to the end.</summary>
    public Task<ToolResult> RunAsync(IEnumerable<string> arguments, CancellationToken ct) =>
        ExternalTool.RunAsync(Wharf, arguments, timeout: TimeSpan.FromMinutes(5), ct: ct);
}
