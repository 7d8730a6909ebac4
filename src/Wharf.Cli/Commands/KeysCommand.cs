using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Metadata;
using Wharf.Server.Auth;

namespace Wharf.Cli.Commands;

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
            await using var app = configuration.Build(result);
            await app.Services.GetRequiredService<IMetadataStore>().MigrateAsync(ct);
            var keys = app.Services.GetRequiredService<SigningKeyStore>();
            var previous = await keys.CurrentKidAsync(ct);
            var current = await keys.RotateAsync(ct);
            Console.WriteLine($"signing key {current} is current; {previous} verifies the tokens it signed until they expire");
            return 0;
        }));
        return new Command("keys", "Manage the token signing keys in the metadata database.") { rotate };
    }
}
