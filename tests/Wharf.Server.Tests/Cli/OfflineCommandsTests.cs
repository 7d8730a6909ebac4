using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf gc</c> and <c>wharf keys rotate</c> read the server's settings without starting a server: the same
/// sources and validation, a bad setting one line, the work done on the configured storage.</summary>
public sealed class OfflineCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gc_and_keys_rotate_work_on_a_data_directory_and_refuse_a_bad_setting_in_one_line()
    {
        var data = Directory.CreateTempSubdirectory("wharf-offline-").FullName;
        try
        {
            var gc = CliAssert.Succeeded(await WharfCli.RunAsync(["gc", "--data-dir", data], ct: Ct));
            var first = CliAssert.Succeeded(await WharfCli.RunAsync(["keys", "rotate", "--data-dir", data], ct: Ct));
            var second = CliAssert.Succeeded(await WharfCli.RunAsync(["keys", "rotate", "--data-dir", data], ct: Ct));
            var bad = await WharfCli.RunAsync(["gc", "--data-dir", data], new Dictionary<string, string> { ["WHARF_Storage__Backend"] = "tape" }, ct: Ct);

            Assert.StartsWith("removed 0 unreferenced blob links and 0 blobs", gc.StandardOutput, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, "wharf.db")));
            var previous = second.StandardOutput.Split(';')[1].Trim().Split(' ')[0];
            Assert.StartsWith($"signing key {previous} is current", first.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("Storage", CliAssert.FailedWithOneLine(bad, "gc"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
