using System.Data.Common;
using Wharf.Registry.Notifications;

namespace Wharf.Registry.Builds;

/// <summary>Builds' ends for the webhooks that asked for them (decision 022).</summary>
public sealed partial class SqlBuildStore
{
    /// <summary>Called in the transaction that moved build <paramref name="id"/> to a final state, after that update:
    /// writes its event (the build as it ended) into the outbox, so the event exists exactly when the ending does.</summary>
    private async Task NotifyEndedAsync(DbConnection c, DbTransaction tx, long id)
    {
        if (await FindAsync(c, tx, id) is { } build && BuildStates.IsFinal(build.State))
        {
            await NotificationOutbox.AppendAsync(database, c, tx, BuildEvents.From(build, time.GetUtcNow()));
        }
    }
}
