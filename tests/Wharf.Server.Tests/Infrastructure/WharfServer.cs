using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Server;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>A real Wharf on Kestrel at 127.0.0.1 on a free port, with its own temporary data directory.
/// Start one per test class (IClassFixture) or per test when a test needs a fresh registry.</summary>
public sealed class WharfServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDataDirectory;

    private WharfServer(WebApplication app, string dataDirectory, Uri baseAddress, bool ownsDataDirectory)
    {
        _app = app;
        _ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    public string DataDirectory { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>host:port, as docker and skopeo want it in an image reference.</summary>
    public string HostPort => $"{BaseAddress.Host}:{BaseAddress.Port}";

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts Wharf. <paramref name="dataDirectory"/> lets a test restart a server on the same data;
    /// <paramref name="services"/> changes its container (a test's image builder).</summary>
    public static async Task<WharfServer> StartAsync(
        string? dataDirectory = null, IReadOnlyDictionary<string, string?>? settings = null, int port = 0, Action<IServiceCollection>? services = null)
    {
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("wharf-test-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
            // Registry behaviour is tested without the token dance; the tests of auth turn it on (Auth/GatedRegistry).
            ["Auth:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = WharfApp.Build([], overrides, services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WharfServer(app, dataDirectory, new Uri(address.EndsWith('/') ? address : address + "/"), ownsDataDirectory);
    }

    /// <summary>Starts Wharf with <c>Auth:Enabled</c>. The administrator's password is given, so the first start prints
    /// no generated one into the test output; <paramref name="settings"/> add to or override these.</summary>
    public static Task<WharfServer> StartWithAuthAsync(
        string adminPassword, IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?> { ["Auth:Enabled"] = "true", ["Auth:AdminPassword"] = adminPassword };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return StartAsync(dataDirectory, all, services: services);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDataDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
