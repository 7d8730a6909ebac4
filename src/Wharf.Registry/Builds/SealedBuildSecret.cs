using System.Text;

namespace Wharf.Registry.Builds;

/// <summary>A row of <c>build_secrets</c>: one secret, or one key file of an ssh id (<see cref="Position"/> orders an id's
/// files), sealed under <c>Secrets:Key</c> (<see cref="BuildSecrets.Seal"/>). Kept while its build is queued or running,
/// deleted in the transaction that ends it.</summary>
/// <param name="Kind"><see cref="Secret"/> or <see cref="Ssh"/>.</param>
public sealed record SealedBuildSecret(string Kind, string Id, int Position, string Sealed)
{
    public const string Secret = "secret";
    public const string Ssh = "ssh";

    // Not the sealed value: nothing gains from it in a log line, and a secret may be half a megabyte of it.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Kind = ").Append(Kind).Append(", Id = ").Append(Id).Append(", Position = ").Append(Position);
        return true;
    }
}
