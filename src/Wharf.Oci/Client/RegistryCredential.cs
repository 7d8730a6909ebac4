namespace Wharf.Oci.Client;

/// <summary>A user name and password (or an OAuth2 identity token, as <c>docker login</c> stores for some registries).
/// <see cref="ToString"/> never shows the secret, so a credential that reaches a log or a message leaks nothing.</summary>
public sealed record RegistryCredential(string Username, string Password)
{
    /// <summary>docker's <c>identitytoken</c>: a refresh token exchanged at the token service instead of the password.</summary>
    public string? IdentityToken { get; init; }

    public override string ToString() => $"RegistryCredential {{ Username = {Username}, secret hidden }}";
}
