using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wharf.Server;

namespace Wharf.Server.Cli.Commands;

/// <summary>The flags every offline command that opens Wharf's own storage takes (<c>--data-dir</c>, <c>--config</c>), and
/// its settings from them with the server's precedence: flags over <c>WHARF_</c> environment variables over the config
/// file over appsettings.json.</summary>
internal sealed class ServerConfiguration
{
    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "Data directory for blobs and the SQLite database (default ./data).",
    };

    public Option<string?> ConfigFile { get; } = new("--config")
    {
        Description = "A JSON configuration file (same sections as appsettings.json).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(DataDirectory);
        command.Options.Add(ConfigFile);
    }

    /// <summary>Builds the server (<c>wharf serve</c>) with every options section validated, so a bad setting fails here.</summary>
    public WebApplication Build(ParseResult result, Dictionary<string, string?>? overrides = null)
    {
        overrides ??= [];
        if (result.GetValue(DataDirectory) is { } dir)
        {
            overrides["Storage:DataDirectory"] = dir;
        }

        if (result.GetValue(ConfigFile) is { } file)
        {
            overrides["config"] = file;
        }

        var app = WharfApp.Build([], overrides);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        return app;
    }

    /// <summary>The settings of an offline command: the flags over the server's own sources (<see cref="OfflineSettings"/>).</summary>
    public OfflineSettings Load(ParseResult result)
    {
        var flags = new Dictionary<string, string?>();
        if (result.GetValue(DataDirectory) is { } dir)
        {
            flags["Storage:DataDirectory"] = dir;
        }

        return OfflineSettings.Load(result.GetValue(ConfigFile), flags);
    }
}
