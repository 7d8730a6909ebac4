namespace Wharf.Server.Tests.Api.Accounts;

/// <summary>HTTP Basic credentials for the management API: an account name and its password, personal access token
/// or robot secret.</summary>
public sealed record ApiLogin(string Name, string Secret);
