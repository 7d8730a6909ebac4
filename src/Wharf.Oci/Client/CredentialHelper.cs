using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Oci.Client;

/// <summary>Runs <c>docker-credential-NAME</c> from PATH with the docker credential-helpers protocol: the action as
/// the only argument (<c>get</c>, <c>store</c>, <c>erase</c>), the server URL (or for store a JSON object with
/// <c>ServerURL</c>, <c>Username</c>, <c>Secret</c>) on standard input, and for get the same JSON on standard output.
/// An identity token travels as the secret of the user name <c>&lt;token&gt;</c>.</summary>
internal static class CredentialHelper
{
    private const string TokenUsername = "<token>";

    /// <summary>The helper's answer; null when it has no credentials for the server ("credentials not found").</summary>
    public static async Task<RegistryCredential?> GetAsync(string name, string serverUrl, CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(name, "get", serverUrl, ct);
        if (exitCode != 0)
        {
            return IsNotFound(output) ? null : throw Failed(name, "get", output);
        }

        try
        {
            var json = JsonNode.Parse(output) as JsonObject ?? throw new JsonException("not an object");
            var username = (string?)json["Username"] ?? "";
            var secret = (string?)json["Secret"] ?? "";
            if (secret.Length == 0)
            {
                return null;
            }

            return username == TokenUsername
                ? new RegistryCredential("", "") { IdentityToken = secret }
                : new RegistryCredential(username, secret);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"docker-credential-{name} get printed something that is not the protocol's JSON");
        }
    }

    public static async Task StoreAsync(string name, string serverUrl, RegistryCredential credential, CancellationToken ct)
    {
        var payload = new JsonObject
        {
            ["ServerURL"] = serverUrl,
            ["Username"] = credential.IdentityToken is null ? credential.Username : TokenUsername,
            ["Secret"] = credential.IdentityToken ?? credential.Password,
        };
        var (exitCode, output) = await RunAsync(name, "store", payload.ToJsonString(), ct);
        if (exitCode != 0)
        {
            throw Failed(name, "store", output);
        }
    }

    /// <summary>False when the helper had nothing to erase.</summary>
    public static async Task<bool> EraseAsync(string name, string serverUrl, CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(name, "erase", serverUrl, ct);
        return exitCode == 0 || (IsNotFound(output) ? false : throw Failed(name, "erase", output));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string name, string action, string input, CancellationToken ct)
    {
        var program = $"docker-credential-{name}";
        var startInfo = new ProcessStartInfo(program, [action])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not on PATH (config.json names the credential helper '{name}'): {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.StandardInput.WriteAsync(input.AsMemory(), ct);
            process.StandardInput.Close();
            await process.WaitForExitAsync(ct);
            await stderr;
            return (process.ExitCode, (await stdout).Trim());
        }
    }

    /// <summary>docker-credential-helpers: a missing entry is reported as this message on standard output.</summary>
    private static bool IsNotFound(string output) => output.Contains("credentials not found", StringComparison.OrdinalIgnoreCase);

    // The helper's output on failure is its error message; it carries no secret (the protocol prints secrets only on success).
    private static InvalidOperationException Failed(string name, string action, string output) =>
        new($"docker-credential-{name} {action} failed: {(output.Length == 0 ? "no message" : output.Split('\n')[0])}");
}
