using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Wharf.TestKit;

/// <summary>A private PostgreSQL server for one test assembly (<c>[assembly: AssemblyFixture(typeof(PostgresCluster))]</c>):
/// <c>initdb</c> in a temporary directory, listening on 127.0.0.1 only, on a free port, with its unix socket in that
/// directory; stopped (<c>pg_ctl stop -m immediate</c>) and deleted when the assembly's tests are done. Tests ask it for
/// a fresh schema each (<see cref="CreateSchemaAsync"/>): to the code under test, an empty database of its own, made in
/// milliseconds where a CREATE DATABASE takes half a second on a busy machine. A missing PostgreSQL fails the tests,
/// never skips them.
/// The cluster's default collation is ICU <c>en-US</c>, as on a typical production server, so a query that orders by
/// the database's collation rather than byte order (which SQLite uses) shows up here.</summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    /// <summary>The superuser initdb creates; trusted on loopback and the socket, so it needs no password.</summary>
    public const string User = "wharf";

    // Another assembly's cluster may take the port between our probe and the server's bind: try another.
    private const int StartAttempts = 5;

    // The database the tests' schemas are made in.
    private const string TestsDatabase = "wharf_tests";

    private NpgsqlDataSource? _tests;
    private UnprivilegedAccount? _account;
    private int _schemas;

    /// <summary>The temporary directory holding <c>data/</c>, the server log and the socket.</summary>
    public string Root { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>How long initdb and the start took, for the curious.</summary>
    public TimeSpan StartupTime { get; private set; }

    private string DataDirectory => Path.Combine(Root, "data");

    private string LogFile => Path.Combine(Root, "server.log");

    public async ValueTask InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        var initdb = ExternalTool.Require("initdb");
        var pgCtl = ExternalTool.Require("pg_ctl");
        Root = Directory.CreateTempSubdirectory("wharf-pg-").FullName;
        var account = _account = await UnprivilegedAccount.ForServerAsync();
        await account.GiveAsync(Root);

        // fsync off: the cluster is thrown away, and durability is not what the tests measure.
        (await account.RunAsync(initdb, ["-D", DataDirectory, "-U", User, "--auth=trust", "--no-sync", "-E", "UTF8",
            "--locale-provider=icu", "--icu-locale=en-US", "--locale=C.UTF-8"], Root)).EnsureSuccess();

        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {Root} -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=300";
            var start = await account.RunAsync(pgCtl, ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options], Root);
            if (start.ExitCode == 0)
            {
                break;
            }

            if (attempt == StartAttempts)
            {
                var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "(no log)";
                throw new InvalidOperationException($"PostgreSQL did not start.\n{start.Describe()}\n--- server log ---\n{log}");
            }
        }

        await using (var admin = NpgsqlDataSource.Create(ConnectionString("postgres")))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {TestsDatabase}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        _tests = NpgsqlDataSource.Create(ConnectionString(TestsDatabase));
        StartupTime = started.Elapsed;
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = User,
            Database = database,
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>A new, empty schema in the tests' database; a connection string that puts it first on the search
    /// path, so everything the code under test creates and reads is there. (Advisory locks are per database, so
    /// tests share those: at worst one waits for another.)</summary>
    public async Task<string> CreateSchemaAsync(CancellationToken ct = default)
    {
        var name = $"test_{Interlocked.Increment(ref _schemas)}_{Guid.NewGuid():N}";
        await using var command = _tests!.CreateCommand($"CREATE SCHEMA \"{name}\"");
        await command.ExecuteNonQueryAsync(ct);
        return new NpgsqlConnectionStringBuilder(ConnectionString(TestsDatabase)) { SearchPath = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_tests is not null)
        {
            await _tests.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (_account is not null && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await _account.RunAsync(ExternalTool.Require("pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], Root);
        }

        if (Root.Length > 0)
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
