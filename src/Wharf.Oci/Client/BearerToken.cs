namespace Wharf.Oci.Client;

/// <summary>A token from a registry's token service and the moment to stop using it.</summary>
internal sealed record BearerToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"BearerToken {{ ExpiresAt = {ExpiresAt:O}, value hidden }}";
}
