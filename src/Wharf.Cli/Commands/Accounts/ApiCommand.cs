using System.CommandLine;
using Wharf.Cli.Api;

namespace Wharf.Cli.Commands.Accounts;

/// <summary>Builds the account commands' leaves the same way: each takes <c>--server HOST[:PORT]</c> (default
/// <c>$WHARF_SERVER</c>) and <c>--insecure</c>, <c>--json</c> when it prints a result, connects with the credentials
/// <c>wharf login</c> stored, and runs through <see cref="CommandRunner"/> so that every failure is one line.</summary>
internal static class ApiCommand
{
    /// <summary>The server when <c>--server</c> is left out, so a script or a shell session names it once.</summary>
    public const string ServerVariable = "WHARF_SERVER";

    /// <param name="path">The command's words after <c>wharf</c>, e.g. <c>team create</c>: its name is the last.</param>
    /// <param name="repository">An argument naming a repository, <c>REPO</c> or <c>HOST[:PORT]/REPO</c>; with a host
    /// in it, <c>--server</c> may be left out.</param>
    public static Command Create(
        string path, string description, IEnumerable<Symbol> symbols, Func<ApiCall, Task> action, bool json = false, Argument<string>? repository = null)
    {
        var command = new Command(path[(path.LastIndexOf(' ') + 1)..], description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    throw new ArgumentException($"{symbol.Name} is neither an argument nor an option", nameof(symbols));
            }
        }

        var server = new Option<string?>("--server")
        {
            Description = $"The Wharf server, HOST[:PORT] (default: ${ServerVariable}). Credentials are those `wharf login HOST` stored.",
            HelpName = "HOST[:PORT]",
        };
        var insecure = CommonOptions.Insecure();
        var jsonOption = json ? CommonOptions.Json() : null;
        command.Options.Add(server);
        command.Options.Add(insecure);
        if (jsonOption is not null)
        {
            command.Options.Add(jsonOption);
        }

        command.SetAction((result, ct) => CommandRunner.RunAsync(path, async () =>
        {
            var (host, repositoryName) = repository is null
                ? (ServerTarget.Server(result.GetValue(server)), null)
                : ServerTarget.Repository(result.GetValue(server), result.GetValue(repository)!);
            using var client = await WharfApiClient.ConnectAsync(host, result.GetValue(insecure), ct);
            await action(new ApiCall(result, client, jsonOption is not null && result.GetValue(jsonOption), repositoryName, ct));
            return 0;
        }));
        return command;
    }

    /// <summary>A noun grouping leaves (<c>wharf team …</c>); alone it is a usage error pointing at its help.</summary>
    public static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description);
        foreach (var subcommand in subcommands)
        {
            group.Subcommands.Add(subcommand);
        }

        return group;
    }
}
