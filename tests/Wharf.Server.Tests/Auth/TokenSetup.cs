using Wharf.Server.Auth;
using Wharf.Server.Options;
using Wharf.Server.Tests.Client;

namespace Wharf.Server.Tests.Auth;

/// <summary>A keys directory of its own, a hand-moved clock, and the store, issuer and validator over them.</summary>
internal sealed class TokenSetup : IDisposable
{
    public const string Service = "registry.test";

    public TokenSetup(string? directory = null)
    {
        Directory = directory ?? System.IO.Directory.CreateTempSubdirectory("wharf-keys-").FullName;
        Store = NewStore();
        Issuer = new TokenIssuer(Store, Clock, Options);
        Validator = new TokenValidator(Store, Clock, Options);
    }

    public string Directory { get; }

    public ManualClock Clock { get; } = new();

    public AuthOptions Options { get; } = new() { Service = Service, Issuer = "wharf-test", TokenLifetime = TimeSpan.FromMinutes(5) };

    public SigningKeyStore Store { get; }

    public TokenIssuer Issuer { get; }

    public TokenValidator Validator { get; }

    /// <summary>Another store on the same directory and clock: what a second process sees.</summary>
    public SigningKeyStore NewStore() => new(Directory, Options.TokenLifetime, Clock);

    public string[] KeyFiles() => [.. System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public void Dispose()
    {
        Store.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
