using System.Collections.Concurrent;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth;

/// <summary>Whether the account an access token was issued to may still act: it exists, is enabled, and (for a robot)
/// its organisation too. Asked by the gate for every request with an account's token, so that disabling or deleting an
/// account ends its tokens within <see cref="Options.AuthOptions.AccountRecheckInterval"/> on every node, not when they
/// expire (decision 015). The answer is kept per node for that long: one principal lookup per account and interval,
/// not per request. Bounded: emptied when full.</summary>
public sealed class ActiveAccounts(IAccountStore store, TimeProvider time, TimeSpan recheckInterval)
{
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, (bool Active, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    public async ValueTask<bool> IsActiveAsync(string account, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(account, out var known) && known.Until > now)
        {
            return known.Active;
        }

        // FindPrincipalAsync is null for unknown and disabled accounts, and for a robot of a disabled organisation.
        var active = await store.FindPrincipalAsync(account, null, ct) is not null;
        if (recheckInterval > TimeSpan.Zero)
        {
            if (_known.Count >= MaxEntries)
            {
                _known.Clear();
            }

            _known[account] = (active, now + recheckInterval);
        }

        return active;
    }
}
