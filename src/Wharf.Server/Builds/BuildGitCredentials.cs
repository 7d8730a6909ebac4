using System.Security.Cryptography;
using Wharf.Registry.Builds;
using Wharf.Registry.Triggers;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Builds;

/// <summary>The one place a worker, the poller and the API get the credential git uses for a build's remote: a
/// trigger's own (sealed in <c>build_triggers.credential</c>, opened with this node's <see cref="SecretKeys"/>) for the
/// builds it queued, and only for its remote; a configured git host's token (<c>GitPull:Hosts</c>) for the builds a pull
/// queued from it (decision 025); none for anything else. Opened when needed, never cached, never logged.</summary>
public sealed class BuildGitCredentials(SqlTriggerStore triggers, SecretKeys keys, GitPullOptions? gitPull = null)
{
    /// <summary>The credential for <paramref name="spec"/>'s git remote; null when it needs none.
    /// <see cref="BuildContextException"/> when there is one this node cannot open.</summary>
    public async Task<GitCredential?> ForAsync(BuildSpec spec, CancellationToken ct) =>
        spec is { TriggerId: { } id, Git: { } git } && await triggers.FindAsync(id, ct) is { } trigger && trigger.GitUrl == git.Url
            ? await ForTriggerAsync(trigger, ct)
            : spec is { TriggerId: null, Reason: BuildReasons.Pull, Git: { } pulled } && GitPullOptions.HostOf(spec.Repository) is { } host
                ? gitPull?.CredentialFor(host, pulled.Url)
            : null;

    /// <summary>The trigger's credential for its remote; null when it has none.</summary>
    public async Task<GitCredential?> ForTriggerAsync(BuildTrigger trigger, CancellationToken ct)
    {
        if (!trigger.HasCredential)
        {
            return null;
        }

        string? stored;
        try
        {
            stored = await triggers.GetCredentialAsync(trigger.Id, keys.Box ?? throw Unopenable(trigger), ct);
        }
        catch (CryptographicException)
        {
            throw Unopenable(trigger);
        }

        return stored is null ? null : GitCredential.Parse(stored);
    }

    private static BuildContextException Unopenable(BuildTrigger trigger) => new(
        $"trigger {trigger.Id}'s git credential cannot be opened here: every node and build worker sharing the database needs the same Secrets:Key");
}
