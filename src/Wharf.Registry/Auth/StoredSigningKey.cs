namespace Wharf.Registry.Auth;

/// <summary>One row of <c>signing_keys</c>: a token signing key as the database holds it.</summary>
/// <param name="Sequence">1, 2, …: the highest is the current key.</param>
/// <param name="Kid">The key's id in tokens (its RFC 7638 thumbprint).</param>
/// <param name="PrivateKeyPem">The P-256 private key, PKCS#8 PEM.</param>
/// <param name="CreatedAt">When it became current: its predecessor's retirement.</param>
public sealed record StoredSigningKey(long Sequence, string Kid, string PrivateKeyPem, DateTimeOffset CreatedAt)
{
    // The private key stays out of ToString, so logging the record never logs it.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Sequence = ").Append(Sequence).Append(", Kid = ").Append(Kid).Append(", CreatedAt = ").Append(CreatedAt.ToString("O"));
        return true;
    }
}
