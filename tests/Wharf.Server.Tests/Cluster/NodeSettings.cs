using Npgsql;

namespace Wharf.Server.Tests.Cluster;

/// <summary>A node's environment: docs/deploy/wharf.env as written, with only the example's site values (addresses,
/// names, secrets: <c>db.internal</c>, <c>registry.example.net</c>, <c>CHANGE-ME</c>) replaced by the test machine's.
/// Every value replaced must be in the file, so the document shows each setting the cluster depends on; every other
/// line (the provider, the backend, blob delivery, pool size, auth, the log format) is used exactly as documented.</summary>
internal sealed record NodeSettings
{
    /// <summary>The node's own listener, <c>127.0.0.1:PORT</c>.</summary>
    public required string Listen { get; init; }

    /// <summary>Its metrics listener, <c>127.0.0.1:PORT</c>.</summary>
    public required string MetricsListen { get; init; }

    /// <summary>A connection string to the test's PostgreSQL schema; its host, port, database, user and search path
    /// replace the documented ones, and TLS is off (the test's server has none).</summary>
    public required string Database { get; init; }

    public required S3Gateway S3 { get; init; }

    public required string Bucket { get; init; }

    /// <summary>A key prefix of this cluster's own, so clusters sharing the test class's bucket never meet.</summary>
    public required string Prefix { get; init; }

    /// <summary>The balancer's public <c>https://NAME:PORT</c>.</summary>
    public required Uri PublicAddress { get; init; }

    public required string AdminPassword { get; init; }

    /// <summary>Test-only settings on top (none for the documented cluster).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public Dictionary<string, string> Environment()
    {
        var settings = new Dictionary<string, string>(DeployFiles.ReadEnvironmentFile(DeployFiles.WharfEnvironment), StringComparer.Ordinal);
        void Replace(string name, string value)
        {
            if (!settings.ContainsKey(name))
            {
                throw new InvalidOperationException($"{DeployFiles.WharfEnvironment} no longer sets {name}, which the cluster test gives a value of its own");
            }

            settings[name] = value;
        }

        Replace("WHARF_urls", $"http://{Listen}");
        Replace("WHARF_Metrics__Listen", MetricsListen);
        // HAProxy connects to the nodes from loopback.
        Replace("WHARF_Proxy__TrustedNetworks__0", "127.0.0.1/32");
        Replace("WHARF_Database__ConnectionString", ConnectionString(settings["WHARF_Database__ConnectionString"]));
        Replace("WHARF_Storage__S3__ServiceUrl", S3.ServiceUrl.ToString());
        Replace("WHARF_Storage__S3__Region", S3.Region);
        Replace("WHARF_Storage__S3__Bucket", Bucket);
        Replace("WHARF_Storage__S3__AccessKey", S3.AccessKey);
        Replace("WHARF_Storage__S3__SecretKey", S3.SecretKey);
        Replace("WHARF_Auth__Realm", new Uri(PublicAddress, "auth/token").ToString());
        Replace("WHARF_Auth__AdminPassword", AdminPassword);
        settings["WHARF_Storage__S3__Prefix"] = Prefix;
        foreach (var (name, value) in Extra)
        {
            settings[name] = value;
        }

        return settings;
    }

    /// <summary>The documented connection string (pool size, timeouts, application name) pointed at the test's schema.</summary>
    private string ConnectionString(string documented)
    {
        var ours = new NpgsqlConnectionStringBuilder(Database);
        return new NpgsqlConnectionStringBuilder(documented)
        {
            Host = ours.Host,
            Port = ours.Port,
            Database = ours.Database,
            Username = ours.Username,
            Password = null,
            SearchPath = ours.SearchPath,
            IncludeErrorDetail = true,
            SslMode = SslMode.Disable,
        }.ConnectionString;
    }
}
