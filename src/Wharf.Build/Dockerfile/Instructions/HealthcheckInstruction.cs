namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>
/// <c>HEALTHCHECK NONE</c> (<see cref="Command"/> null: disable the base image's check) or
/// <c>HEALTHCHECK [--interval] [--timeout] [--start-period] [--start-interval] [--retries] CMD command</c>.
/// Durations not given are null (the runtime's default applies).
/// </summary>
public sealed record HealthcheckInstruction(
    int Line,
    CommandLine? Command,
    TimeSpan? Interval,
    TimeSpan? Timeout,
    TimeSpan? StartPeriod,
    TimeSpan? StartInterval,
    int? Retries) : Instruction(Line)
{
    public override string Keyword => "HEALTHCHECK";

    public bool IsNone => Command is null;

    /// <summary>The image config's <c>Healthcheck.Test</c>: <c>["NONE"]</c>, <c>["CMD", ...]</c> or <c>["CMD-SHELL", "..."]</c>.</summary>
    public IReadOnlyList<string> Test => Command switch
    {
        null => ["NONE"],
        { IsShellForm: true } => ["CMD-SHELL", .. Command.Arguments],
        _ => ["CMD", .. Command.Arguments],
    };
}
