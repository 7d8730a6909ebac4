using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Server;
using Wharf.Server.Auth;

namespace Wharf.Server.Cli.Commands;

/// <summary><c>wharf keys rotate</c>: makes a new token signing key current in the metadata database now (servers rotate
/// on their own every <c>Auth:KeyRotationInterval</c>). Safe beside running servers: they pick the new key up within
/// a minute and keep accepting tokens signed by the old one until those expire, so nobody is logged out.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var configuration = new ServerConfiguration();
        var rotate = new Command("rotate", "Make a new token signing key current; tokens signed by the old one stay valid until they expire.");
        configuration.AddTo(rotate);
        rotate.SetAction((result, ct) => CommandRunner.RunAsync("keys rotate", async () =>
        {
            var settings = configuration.Load(result);
            await using var database = RegistryBackends.CreateDatabase(settings.Database, settings.Storage);
            await SchemaMigrator.MigrateAsync(database, ct);
            // As the server does: key files of a Wharf from before decision 008 are imported into an empty table first.
            var legacyKeys = settings.Auth.KeysDirectory is { Length: > 0 } directory ? directory : Path.Combine(Path.GetFullPath(settings.Storage.DataDirectory), "keys");
            using var keys = new SigningKeyStore(new SqlSigningKeyStore(database), legacyKeys, settings.Auth.TokenLifetime, TimeProvider.System, NullLogger<SigningKeyStore>.Instance);
            var previous = await keys.CurrentKidAsync(ct);
            var current = await keys.RotateAsync(ct);
            Console.WriteLine($"signing key {current} is current; {previous} verifies the tokens it signed until they expire");
            return 0;
        }, ServerErrors.Describe));
        return new Command("keys", ServerCommands.Description("keys")) { rotate };
    }
}
