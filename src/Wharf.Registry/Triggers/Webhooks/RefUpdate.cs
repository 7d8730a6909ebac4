namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>One ref a push changed: deleted, or pointing now at <see cref="Commit"/> as the host reports it (null when
/// the sender left it out: the ref's commit when the build resolves it), with that commit's message when the payload
/// carries it (<c>[skip build]</c> is looked for there).</summary>
public sealed record RefUpdate(GitRef Ref, string? Commit, string? CommitMessage, bool Deleted = false);
