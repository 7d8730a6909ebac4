namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>POST /api/v1/orgs/{org}/robots</c>: the robot's name without the <c>org+</c> prefix.</summary>
internal sealed record RobotCreation(string? Name);
