namespace Wharf.Registry.Events;

/// <summary>Who does something to the registry, as a front end admitted them: an account name ("" for anonymous, or
/// when auth is off), the client's address when known, and the HTTP request it came in, when there was one (a build's
/// push has none). Events carry it; rules never decide on it (access is decided before, by the gate or the API).</summary>
public sealed record RegistryActor(string Name, string? ClientAddress, RegistryRequest? Request = null)
{
    public static RegistryActor Anonymous { get; } = new("", null);
}
