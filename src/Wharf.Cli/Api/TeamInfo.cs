namespace Wharf.Cli.Api;

/// <summary>A team of an organisation, its role there (<c>member|admin</c>) and its members.</summary>
internal sealed record TeamInfo(string Name, string Role, IReadOnlyList<string>? Members);
