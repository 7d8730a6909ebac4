using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Oci.Client;

/// <summary>The credentials docker keeps: <c>$DOCKER_CONFIG/config.json</c> (else <c>~/.docker/config.json</c>), its
/// <c>auths</c> entries (<c>auth</c> = base64 of <c>user:password</c>, or <c>username</c>/<c>password</c>, and
/// <c>identitytoken</c>), and the credential helpers it names (<c>credHelpers[host]</c>, else <c>credsStore</c>).
/// Keys are docker's: <c>host[:port]</c>, and <c>https://index.docker.io/v1/</c> for Docker Hub. What
/// <c>wharf login</c> stores, docker reads, and the reverse.</summary>
public sealed class DockerCredentials(string configPath)
{
    /// <summary>The key docker files Docker Hub's credentials under.</summary>
    public const string DockerHubKey = "https://index.docker.io/v1/";

    public string ConfigPath { get; } = configPath;

    /// <summary>The config docker itself would use: <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.</summary>
    public static DockerCredentials FromEnvironment() =>
        new(Path.Combine(
            Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } directory
                ? directory
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"),
            "config.json"));

    /// <summary>docker's key for a registry host.</summary>
    public static string KeyFor(string host) => RegistryHost.IsDockerHub(host) ? DockerHubKey : host;

    /// <summary>The credential for <paramref name="host"/>; null when there is none (anonymous access).</summary>
    public async Task<RegistryCredential?> FindAsync(string host, CancellationToken ct)
    {
        var config = await DockerConfigFile.ReadAsync(ConfigPath, ct);
        var key = KeyFor(host);
        if (HelperFor(config, key, host) is { } helper)
        {
            return await CredentialHelper.GetAsync(helper, key, ct);
        }

        return FindEntry(config, key) is { } entry ? Decode(entry, host) : null;
    }

    /// <summary>Stores a credential as <c>docker login</c> does: through the configured helper (leaving an empty
    /// <c>auths</c> entry, as docker does), or as <c>auths[key].auth</c>. Every other key of the file is kept.</summary>
    public async Task StoreAsync(string host, RegistryCredential credential, CancellationToken ct)
    {
        var config = await DockerConfigFile.ReadAsync(ConfigPath, ct);
        var key = KeyFor(host);
        var entry = new JsonObject();
        if (HelperFor(config, key, host) is { } helper)
        {
            await CredentialHelper.StoreAsync(helper, key, credential, ct);
        }
        else
        {
            entry["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}"));
            if (credential.IdentityToken is { } token)
            {
                entry["identitytoken"] = token;
            }
        }

        Auths(config)[key] = entry;
        await DockerConfigFile.WriteAsync(ConfigPath, config, ct);
    }

    /// <summary>Removes the credential as <c>docker logout</c> does. False when there was none.</summary>
    public async Task<bool> EraseAsync(string host, CancellationToken ct)
    {
        var config = await DockerConfigFile.ReadAsync(ConfigPath, ct);
        var key = KeyFor(host);
        var erased = HelperFor(config, key, host) is { } helper && await CredentialHelper.EraseAsync(helper, key, ct);
        if (config["auths"] is JsonObject auths && auths.Remove(key))
        {
            await DockerConfigFile.WriteAsync(ConfigPath, config, ct);
            return true;
        }

        return erased;
    }

    private static string? HelperFor(JsonObject config, string key, string host)
    {
        if (config["credHelpers"] is JsonObject helpers && (Text(helpers[key]) ?? Text(helpers[host])) is { } helper)
        {
            return helper;
        }

        return Text(config["credsStore"]);
    }

    /// <summary>docker's lookup: the exact key, else a key that is the same host once a scheme and path are removed
    /// (entries written by old clients as <c>https://host/v1/</c>).</summary>
    private static JsonObject? FindEntry(JsonObject config, string key)
    {
        if (config["auths"] is not JsonObject auths)
        {
            return null;
        }

        if (auths[key] is JsonObject exact)
        {
            return exact;
        }

        return auths.Where(a => Hostname(a.Key) == key).Select(a => a.Value).OfType<JsonObject>().FirstOrDefault();
    }

    private static RegistryCredential? Decode(JsonObject entry, string host)
    {
        string? username = Text(entry["username"]), password = Text(entry["password"]);
        if (Text(entry["auth"]) is { } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"the docker config's credentials for {host} are not valid base64");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            (username, password) = colon < 0 ? (decoded, "") : (decoded[..colon], decoded[(colon + 1)..]);
        }

        var token = Text(entry["identitytoken"]);
        if (token is null && string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password))
        {
            return null; // an empty entry: docker's marker for credentials kept by a helper
        }

        return new RegistryCredential(username ?? "", password ?? "") { IdentityToken = token };
    }

    private static JsonObject Auths(JsonObject config)
    {
        if (config["auths"] is JsonObject auths)
        {
            return auths;
        }

        auths = [];
        config["auths"] = auths;
        return auths;
    }

    private static string Hostname(string key)
    {
        var stripped = key.StartsWith("http://", StringComparison.Ordinal) ? key[7..] : key.StartsWith("https://", StringComparison.Ordinal) ? key[8..] : key;
        var slash = stripped.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? stripped : stripped[..slash];
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
