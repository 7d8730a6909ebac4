using Wharf.Registry.Metadata;
using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli.Migrate;

/// <summary>What the migrate tests do to ends: run the command, compare two ends' tables row by row, serve one.</summary>
internal static class MigrateEnds
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<ToolResult> MigrateAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        WharfCli.RunAsync(["migrate", .. arguments], environment, ct: Ct);

    public static async Task<ToolResult> MigratedAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        CliAssert.Succeeded(await MigrateAsync(environment, arguments));

    /// <summary>The data directory's database, opened for reading only (as migrate opens a source).</summary>
    public static SqlDatabase Embedded(string dataDirectory) => SqlDatabase.Sqlite(Path.Combine(dataDirectory, "wharf.db"), readOnly: true);

    /// <summary>Every carried table holds the same rows in both (ids, hashes, bytes and times included).</summary>
    public static async Task AssertSameRowsAsync(SqlDatabase expected, SqlDatabase actual)
    {
        await using (expected)
        await using (actual)
        {
            var rows = await RegistryRows.ReadAsync(actual, Ct);
            foreach (var (table, expectedRows) in await RegistryRows.ReadAsync(expected, Ct))
            {
                Assert.Equal(expectedRows, rows[table]);
            }
        }
    }

    /// <summary>Blobs in a data directory.</summary>
    public static int CountBlobs(string dataDirectory) =>
        Directory.Exists(Path.Combine(dataDirectory, "blobs")) ? Directory.EnumerateFiles(Path.Combine(dataDirectory, "blobs"), "*", SearchOption.AllDirectories).Count() : 0;

    /// <summary><c>wharf serve</c> with auth on, on a data directory, with the token lifetime <see cref="SampleRegistry"/>
    /// was served with (settings are not carried: a token outliving what the server would issue is refused).</summary>
    public static Task<WharfProcess> ServeAsync(string dataDirectory) => WharfProcess.StartAsync(dataDirectory, Ct, AuthSettings());

    /// <summary><c>wharf serve --config FILE</c> as above, the end's secrets in <c>WHARF_</c> variables.</summary>
    public static Task<WharfProcess> ServeAsync(PostgresS3End end, string scratchDirectory)
    {
        var environment = AuthSettings();
        foreach (var (name, value) in end.Secrets("WHARF_"))
        {
            environment[name] = value;
        }

        return WharfProcess.StartAsync(new WharfLaunch(scratchDirectory) { Arguments = ["--config", end.ConfigFile], Environment = environment }, Ct);
    }

    private static Dictionary<string, string> AuthSettings() =>
        new() { ["WHARF_Auth__Enabled"] = "true", ["WHARF_Auth__TokenLifetime"] = SampleRegistry.TokenLifetime };
}
