namespace Wharf.Registry.Builds;

/// <summary>The words <see cref="BuildState"/> is stored as, the same ones the API shows.</summary>
public static class BuildStates
{
    public static string Word(BuildState state) => state switch
    {
        BuildState.Queued => "queued",
        BuildState.Running => "running",
        BuildState.Succeeded => "succeeded",
        BuildState.Failed => "failed",
        _ => "cancelled",
    };

    public static BuildState Parse(string word) => word switch
    {
        "queued" => BuildState.Queued,
        "running" => BuildState.Running,
        "succeeded" => BuildState.Succeeded,
        "failed" => BuildState.Failed,
        "cancelled" => BuildState.Cancelled,
        _ => throw new FormatException($"'{word}' is not a build state"),
    };

    /// <summary>Whether nothing happens to a build in this state any more.</summary>
    public static bool IsFinal(BuildState state) => state is BuildState.Succeeded or BuildState.Failed or BuildState.Cancelled;
}
