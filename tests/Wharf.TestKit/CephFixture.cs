using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3.Model;

namespace Wharf.TestKit;

/// <summary>A throw-away single-node Ceph cluster with its S3 gateway (RADOS Gateway) on loopback, started by the
/// repository's <c>scripts/start-ceph-rgw.sh</c> the first time a test asks for it, at most once per test assembly
/// (register it with <c>[assembly: AssemblyFixture(typeof(CephFixture))]</c>), and stopped and deleted with
/// <c>scripts/stop-ceph-rgw.sh --purge</c> when the assembly is done. It lives in its own temporary directory on free
/// ports, so two test assemblies may each run one at the same time. A missing Ceph fails the tests that need it
/// (<see cref="ExternalTool.Require"/>), never skips them; tests that do not ask for it never start it.</summary>
public sealed class CephFixture : IAsyncLifetime
{
    private const int StartAttempts = 3;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _buckets = new(StringComparer.Ordinal);
    private string? _dataDirectory;
    private S3Gateway? _gateway;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Starts the cluster unless it runs already, and says how to reach its gateway.</summary>
    public async Task<S3Gateway> StartAsync(CancellationToken ct)
    {
        await _starting.WaitAsync(ct);
        try
        {
            return _gateway ??= await StartClusterAsync(ct);
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>The bucket of <paramref name="owner"/> (a test class), created on first use: each class its own.</summary>
    public async Task<string> BucketAsync(Type owner, CancellationToken ct)
    {
        var gateway = await StartAsync(ct);
        var name = BucketName(owner);
        return await _buckets.GetOrAdd(name, _ => new Lazy<Task<string>>(() => CreateBucketAsync(gateway, name))).Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDirectory is not null)
        {
            await ExternalTool.RunAsync(Script("stop-ceph-rgw.sh"), [_dataDirectory, "--purge"], timeout: TimeSpan.FromMinutes(2));
        }

        _starting.Dispose();
    }

    private async Task<S3Gateway> StartClusterAsync(CancellationToken ct)
    {
        foreach (var tool in new[] { "ceph-mon", "ceph-osd", "radosgw", "ceph", "radosgw-admin" })
        {
            ExternalTool.Require(tool);
        }

        for (var attempt = 1; ; attempt++)
        {
            // Short and without spaces: the cluster's admin sockets live under it (a socket path is at most 107 bytes).
            _dataDirectory = Directory.CreateTempSubdirectory("wharf-ceph-").FullName;
            StartWatchdog(_dataDirectory);
            var environment = new Dictionary<string, string>
            {
                ["CEPH_RGW_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["CEPH_MON_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                // Objects in the OSD's memory: about 5 s faster to start than bluestore, and nothing here must outlive the run.
                ["CEPH_OSD_STORE"] = "memstore",
            };
            var started = Stopwatch.StartNew();
            var result = await ExternalTool.RunAsync(Script("start-ceph-rgw.sh"), [_dataDirectory], environment, timeout: TimeSpan.FromMinutes(5), ct: ct);
            if (result.ExitCode == 0)
            {
                return ReadGateway(_dataDirectory, started.Elapsed);
            }

            await ExternalTool.RunAsync(Script("stop-ceph-rgw.sh"), [_dataDirectory, "--purge"], timeout: TimeSpan.FromMinutes(2), ct: CancellationToken.None);
            // Another process may have taken a port between choosing it and Ceph binding it: choose again.
            if (attempt == StartAttempts || !result.Output.Contains("already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the Ceph S3 gateway did not start.\n{result.Describe()}");
            }
        }
    }

    private static S3Gateway ReadGateway(string dataDirectory, TimeSpan startupTime)
    {
        var values = File.ReadAllLines(Path.Combine(dataDirectory, "s3.env"))
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return new S3Gateway(new Uri(values["S3_ENDPOINT"]), values["S3_ACCESS_KEY"], values["S3_SECRET_KEY"], values["S3_REGION"])
        {
            StartupTime = startupTime,
        };
    }

    private static async Task<string> CreateBucketAsync(S3Gateway gateway, string name)
    {
        using var s3 = gateway.CreateClient();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>S3 bucket names are 3–63 lowercase letters, digits and hyphens: the class name, and a hash of its full
    /// name so two classes of one name in different namespaces differ.</summary>
    private static string BucketName(Type owner)
    {
        var readable = new string([.. owner.Name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40)]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(owner.FullName ?? owner.Name)))[..8];
        return $"wharf-{readable}-{hash}";
    }

    /// <summary>Stops and deletes the cluster if this process dies without disposing the fixture (a crashed or killed
    /// test host), so no Ceph daemons outlive the run. Its own session: killing the test host's process tree spares it.</summary>
    private static void StartWatchdog(string dataDirectory)
    {
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 2; done; exec '{Script("stop-ceph-rgw.sh")}' '{dataDirectory}' --purge";
        using var watchdog = Process.Start(new ProcessStartInfo(ExternalTool.Require("setsid"))
        {
            ArgumentList = { "-f", "bash", "-c", script },
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository's copy of a script: CI runs on a clean clone, without the team's shared tools.</summary>
    private static string Script(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Wharf.slnx")))
            {
                return Path.Combine(directory.FullName, "scripts", name);
            }
        }

        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}: the tests must run from a build inside the repository");
    }
}
