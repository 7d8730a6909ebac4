using Wharf.Build.State;

namespace Wharf.Cli.Commands.Builder;

/// <summary>How the builder commands name each kind of state.</summary>
internal static class StateKindNames
{
    public static string Of(StateKind kind) => kind switch
    {
        StateKind.BuildCache => "build cache",
        StateKind.BaseImages => "base images",
        StateKind.CacheMounts => "cache mounts",
        StateKind.GitCheckouts => "git checkouts",
        StateKind.Advice => "advice",
        StateKind.Unused => "unused",
        StateKind.Leftovers => "leftovers of stopped builds",
        _ => "running builds",
    };
}
