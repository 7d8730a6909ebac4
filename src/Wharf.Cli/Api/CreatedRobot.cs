namespace Wharf.Cli.Api;

/// <summary>A new robot, <c>ORG+NAME</c>, and its secret, which the server shows only this once.</summary>
internal sealed record CreatedRobot(string Name, string Secret)
{
    // A record prints every property; this one must not reach a log or a message by accident.
    public override string ToString() => $"CreatedRobot {{ Name = {Name}, secret hidden }}";
}
