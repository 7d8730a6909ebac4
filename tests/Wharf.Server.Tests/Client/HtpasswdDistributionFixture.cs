namespace Wharf.Server.Tests.Client;

/// <summary>CNCF Distribution with <c>auth: htpasswd</c> and one user, the bcrypt line generated here (Distribution
/// accepts only bcrypt entries).</summary>
public sealed class HtpasswdDistributionFixture : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "correct horse battery";

    private DistributionRegistry? _registry;

    public DistributionRegistry Registry => _registry ?? throw new InvalidOperationException("fixture not initialised");

    public async ValueTask InitializeAsync()
    {
        // Cost 5 keeps the tests quick; Distribution checks the hash, not its cost.
        var line = $"{User}:{BCrypt.Net.BCrypt.HashPassword(Password, workFactor: 5)}\n";
        _registry = await DistributionRegistry.StartAsync(
            "  htpasswd:\n    realm: wharf-test\n    path: {dir}/htpasswd",
            directory => File.WriteAllText(Path.Combine(directory, "htpasswd"), line));
    }

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
