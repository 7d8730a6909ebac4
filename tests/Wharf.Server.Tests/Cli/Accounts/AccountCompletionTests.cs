namespace Wharf.Server.Tests.Cli.Accounts;

/// <summary>The account commands complete like the others: wharf answers the <c>[suggest:POSITION]</c> directive that
/// the script of <c>wharf completion bash</c> sends (the script itself is tested in CompletionCommandTests).</summary>
public sealed class AccountCompletionTests
{
    [Theory]
    [InlineData("wharf team ", "add create delete list remove set")]
    [InlineData("wharf user token create ci --scope ", "delete read read-write")]
    [InlineData("wharf perm grant team/app --user alice ", "admin read write")]
    public async Task Subcommands_and_allowed_values_are_suggested(string line, string expected)
    {
        var config = Directory.CreateTempSubdirectory("wharf-accounts-cli-").FullName;
        try
        {
            var result = CliAssert.Succeeded(await AccountsCliServer.RunRawAsync(config, [$"[suggest:{line.Length}]", line]));

            var suggested = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(s => !s.StartsWith('-') && !s.StartsWith('/')).Order(StringComparer.Ordinal);
            Assert.Equal(expected, string.Join(' ', suggested));
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }
}
