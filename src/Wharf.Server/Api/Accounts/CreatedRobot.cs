namespace Wharf.Server.Api.Accounts;

/// <summary>Answer of <c>POST /api/v1/orgs/{org}/robots</c>: the robot's full name (<c>org+name</c>) and its secret,
/// shown this once.</summary>
internal sealed record CreatedRobot(string Name, string Secret);
