using Wharf.Registry.Secrets;
using Wharf.Server.Options;

namespace Wharf.Server.Triggers;

/// <summary>The <see cref="SecretBox"/> of this server, as <see cref="SecretsOptions"/> decide, made when first asked
/// (a server without triggers never writes a key file). <see cref="Box"/> is null when there is no key: a shared
/// database without <c>Secrets:Key</c>.</summary>
public sealed class SecretKeys(SecretsOptions secrets, StorageOptions storage, DatabaseOptions database)
{
    private readonly Lazy<SecretBox?> _box = new(() => Create(secrets, storage, database));

    public const string MissingKey =
        "this server keeps no key to seal trigger secrets with: set Secrets:Key (base64 of 32 bytes, the same on every node sharing the database)";

    public SecretBox? Box => _box.Value;

    private static SecretBox? Create(SecretsOptions secrets, StorageOptions storage, DatabaseOptions database)
    {
        if (!string.IsNullOrWhiteSpace(secrets.Key))
        {
            return new SecretBox(SecretBox.ParseKey(secrets.Key, "Secrets:Key"));
        }

        if (!string.IsNullOrWhiteSpace(secrets.KeyFile))
        {
            return new SecretBox(SecretBox.LoadOrCreateKeyFile(secrets.KeyFile));
        }

        return database.Provider == "sqlite"
            ? new SecretBox(SecretBox.LoadOrCreateKeyFile(Path.Combine(storage.DataDirectory, "secret.key")))
            : null;
    }
}
