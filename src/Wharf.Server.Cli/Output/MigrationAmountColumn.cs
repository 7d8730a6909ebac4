using Wharf.Oci;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Wharf.Server.Cli.Output;

/// <summary>How far a task of <c>wharf migrate</c> got: bytes and speed for a blob's bar, a plain count for the blobs
/// and tables bars (Spectre's own columns would show those as bytes too).</summary>
internal sealed class MigrationAmountColumn : ProgressColumn
{
    /// <summary>The task state key that marks a task as counting bytes.</summary>
    public const string CountsBytes = "bytes";

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (!task.State.Get<bool>(CountsBytes))
        {
            return new Text(FormattableString.Invariant($"{task.Value:0}/{task.MaxValue:0}"));
        }

        var speed = task.Speed is { } perSecond && !task.IsFinished ? $" {Bytes.Format((long)perSecond)}/s" : "";
        return new Text($"{Bytes.Format((long)task.Value)}/{Bytes.Format((long)task.MaxValue)}{speed}");
    }
}
