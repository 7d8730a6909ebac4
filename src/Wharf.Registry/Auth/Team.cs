namespace Wharf.Registry.Auth;

/// <summary>A team of an organisation, with its role there and its members (users and the organisation's robots),
/// members in name order.</summary>
public sealed record Team(string Organisation, string Name, OrganisationRole Role, IReadOnlyList<string> Members);
