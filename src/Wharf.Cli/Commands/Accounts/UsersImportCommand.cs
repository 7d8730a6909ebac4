using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf users import FILE</c>: creates users from an htpasswd file (bcrypt lines, as CNCF Distribution
/// and nginx use), keeping their passwords. Names already taken and lines that cannot be imported are reported.</summary>
internal static class UsersImportCommand
{
    /// <summary>More than any real htpasswd file: a guard against sending the wrong file.</summary>
    private const long MaxFileSize = 16 * 1024 * 1024;

    public static Command Create()
    {
        var file = new Argument<string>("htpasswd-file") { Description = "The htpasswd file, or - for standard input." };
        return ApiCommand.Create("users import", "Create users from an htpasswd file, keeping their passwords.", [file], async call =>
        {
            var path = call.Get(file);
            string text;
            if (path == "-")
            {
                text = await Console.In.ReadToEndAsync(call.Ct);
            }
            else
            {
                var info = new FileInfo(path);
                if (info.Exists && info.Length > MaxFileSize)
                {
                    throw new ArgumentException($"{path} is {info.Length} bytes: not an htpasswd file");
                }

                text = await File.ReadAllTextAsync(path, call.Ct);
            }

            var result = await call.Client.ImportHtpasswdAsync(text, call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(result, ApiJson.Default);
                return;
            }

            var imported = result.Imported ?? [];
            Console.WriteLine(imported.Count == 0 ? "imported no users" : $"imported {imported.Count} user{(imported.Count == 1 ? "" : "s")}: {string.Join(", ", imported)}");
            if (result.Existing is { Count: > 0 } existing)
            {
                Console.WriteLine($"left {existing.Count} existing account{(existing.Count == 1 ? "" : "s")} as {(existing.Count == 1 ? "it was" : "they were")}: {string.Join(", ", existing)}");
            }

            foreach (var line in result.Skipped ?? [])
            {
                Console.WriteLine($"skipped line {line.Line}{(line.User is { Length: > 0 } user ? $" ({user})" : "")}: {line.Reason}");
            }
        }, json: true);
    }
}
