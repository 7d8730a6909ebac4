namespace Wharf.Build;

/// <summary>What <c>wharf build --ssh</c> gave (<see cref="SshAgentOption.Parse"/>): agents by socket and key files,
/// each under its id, for <see cref="BuildRequest.SshAgents"/> and <see cref="BuildRequest.SshKeys"/>. An id is in
/// one of the two, never both.</summary>
public sealed record SshForwards(IReadOnlyDictionary<string, string> Agents, IReadOnlyDictionary<string, IReadOnlyList<string>> KeyFiles);
