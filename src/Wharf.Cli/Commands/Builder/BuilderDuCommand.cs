using System.CommandLine;
using Wharf.Build.State;
using Wharf.Oci;

namespace Wharf.Cli.Commands.Builder;

/// <summary><c>wharf builder du</c>: what the builder's state takes on disk, by kind, and what <c>wharf builder prune</c>
/// (without <c>--all</c>) would free — <c>docker buildx du</c>'s summary. Reads without locking: builds may run.</summary>
internal static class BuilderDuCommand
{
    public static Command Create()
    {
        var state = BuilderCommand.StateOption();
        var command = new Command("du", "Show what the builder's state takes on disk, and what a prune would free.") { state };
        command.SetAction(result => CommandRunner.RunAsync("builder du", () =>
        {
            var usage = BuilderState.Measure(BuilderCommand.StateDirectory(result, state));
            Console.WriteLine($"{"TYPE",-28} {"ITEMS",7}  {"SIZE",11}  {"RECLAIMABLE",11}");
            foreach (var kind in usage.Kinds)
            {
                Console.WriteLine($"{StateKindNames.Of(kind.Kind),-28} {kind.Items,7}  {Bytes.Format(kind.Size),11}  {Bytes.Format(kind.Reclaimable),11}");
            }

            Console.WriteLine($"Reclaimable: {Bytes.Format(usage.Reclaimable)}");
            Console.WriteLine($"Total:       {Bytes.Format(usage.Total)}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
