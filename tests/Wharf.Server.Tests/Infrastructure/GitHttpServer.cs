using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>A real git host on loopback: Debian's <c>git http-backend</c> run as a CGI program behind Kestrel, serving
/// every repository under <see cref="Root"/> (bare or not) at <c>http://127.0.0.1:PORT/PATH</c> over git's smart HTTP
/// protocol, v0 and v2. With <see cref="StartAsync"/>'s credentials, every request needs them as HTTP Basic (a token
/// host: any user name, the token as password, as GitHub and GitLab take them), else 401 with a challenge. The paths of
/// the requests it received are kept, so a test can count what a server asked.</summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GitHttpServer(WebApplication app, string root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>The directory served; <c>Root/team/app</c> is <c>{Url}team/app</c>.</summary>
    public string Root { get; }

    /// <summary>The server's base address, ending in <c>/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every request's path and query, in arrival order (the refused ones too).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string RepositoryUrl(string path) => new Uri(Url, path).ToString();

    /// <param name="root">The directory to serve; its repositories are made by the test.</param>
    /// <param name="password">When set, the Basic password every request must carry.</param>
    public static async Task<GitHttpServer> StartAsync(string root, string? password = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new GitHttpServer(app, root);
        app.Run(http => server.ServeAsync(http, password));
        await app.StartAsync();
        server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext http, string? password)
    {
        var request = http.Request;
        Requests.Enqueue(request.Path + request.QueryString);
        string? user = null;
        if (password is not null)
        {
            user = BasicUser(request.Headers.Authorization.ToString(), password);
            if (user is null)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
                return;
            }
        }

        // The CGI environment git http-backend reads (RFC 3875, plus git's own GIT_* variables).
        var start = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = start.Environment;
        environment["GIT_PROJECT_ROOT"] = Root;
        environment["GIT_HTTP_EXPORT_ALL"] = "1";
        environment["REQUEST_METHOD"] = request.Method;
        environment["PATH_INFO"] = request.Path.Value ?? "/";
        environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        environment["CONTENT_TYPE"] = request.ContentType ?? "";
        environment["REMOTE_ADDR"] = http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        environment["REMOTE_USER"] = user ?? "";
        if (request.ContentLength is { } length)
        {
            environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (header, name) in new[] { ("Content-Encoding", "HTTP_CONTENT_ENCODING"), ("Git-Protocol", "GIT_PROTOCOL") })
        {
            if (request.Headers.TryGetValue(header, out var value))
            {
                environment[name] = value.ToString();
            }
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var input = Task.Run(async () =>
        {
            await using var stdin = process.StandardInput.BaseStream;
            await request.Body.CopyToAsync(stdin);
        });
        var stdout = process.StandardOutput.BaseStream;
        await WriteCgiHeadersAsync(stdout, http.Response);
        await stdout.CopyToAsync(http.Response.Body);
        await input;
        await process.WaitForExitAsync();
        _ = await errors;
    }

    /// <summary>The CGI response's header lines onto the HTTP response (<c>Status:</c> as its status code).</summary>
    private static async Task WriteCgiHeadersAsync(Stream stdout, HttpResponse response)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stdout.ReadAsync(one) == 1)
        {
            if (one[0] != '\n')
            {
                line.Append((char)one[0]);
                continue;
            }

            var text = line.ToString().TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                return;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (text[..colon], text[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                response.Headers.Append(name, value);
            }
        }
    }

    private static string? BasicUser(string authorization, string password)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 && pair[(colon + 1)..] == password ? pair[..colon] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
