using System.CommandLine;
using Wharf.Oci.Client;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf login HOST</c>: checks the credentials against the registry, then stores them where docker does
/// (~/.docker/config.json, or its credential helper), so docker, podman (with that file) and wharf share them.</summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("host") { Description = "The registry, HOST or HOST:PORT." };
        var username = new Option<string?>("--username", "-u") { Description = "User name (asked for on a terminal when left out)." };
        var password = new Option<string?>("--password", "-p") { Description = "Password or access token; prefer --password-stdin, which keeps it out of the shell history." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input." };
        var insecure = CommonOptions.Insecure();
        var command = new Command("login", "Log in to a registry and store the credentials as docker does.") { host, username, password, passwordStdin, insecure };
        command.SetAction((result, ct) => CommandRunner.RunAsync("login", async () =>
        {
            var registry = RegistryReferences.Host(result.GetValue(host)!);
            var user = result.GetValue(username) ?? Prompt("Username: ", secret: false);
            var secret = result.GetValue(passwordStdin)
                ? (await Console.In.ReadToEndAsync(ct)).TrimEnd('\r', '\n')
                : result.GetValue(password) ?? Prompt("Password: ", secret: true);
            if (user.Length == 0 || secret.Length == 0)
            {
                throw new ArgumentException("a user name and a password are both needed");
            }

            var credential = new RegistryCredential(user, secret);
            var transports = new ImageTransports(result.GetValue(insecure));
            using (var client = new RegistryClient(registry, new RegistryClientOptions { Insecure = result.GetValue(insecure), Credential = credential }))
            {
                await client.PingAsync(ct);
            }

            await transports.RegistryOptions.CredentialStore!.StoreAsync(registry, credential, ct);
            Console.WriteLine("Login Succeeded");
            return 0;
        }));
        return command;
    }

    /// <summary>Asks on the terminal; with no terminal (a script, CI) that is an error naming the flag to use.</summary>
    private static string Prompt(string label, bool secret)
    {
        if (Console.IsInputRedirected)
        {
            throw new ArgumentException($"no terminal to ask for the {(secret ? "password" : "user name")}: use {(secret ? "--password-stdin" : "--username")}");
        }

        if (secret)
        {
            return SecretInput.Prompt(label);
        }

        Console.Error.Write(label);
        return Console.ReadLine() ?? "";
    }
}
