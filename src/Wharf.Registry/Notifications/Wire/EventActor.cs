namespace Wharf.Registry.Notifications.Wire;

/// <summary>Who caused an event (Distribution's actor record): the account, left out when anonymous or auth is off.</summary>
public sealed record EventActor(string? Name);
