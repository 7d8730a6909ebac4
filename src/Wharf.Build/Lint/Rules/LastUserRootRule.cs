using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// The final image runs as root because its last USER (in the last stage, or a stage it is built FROM) says
/// <c>root</c> or <c>0</c>: typically a <c>USER root</c> for installing that was never switched back. With no USER
/// at all the base image decides, which the Dockerfile alone cannot tell, so that is not advised on.
/// </summary>
internal sealed class LastUserRootRule : ILintRule
{
    public string Id => "LastUserRoot";

    public IEnumerable<Advice> Check(LintContext context)
    {
        var last = context.Lineage(context.Dockerfile.Stages[^1]).Select(l => l.Instruction).OfType<UserInstruction>().LastOrDefault();
        if (last is not null && last.Name is "root" or "0")
        {
            yield return context.Advise(
                Id, last.Line,
                $"USER {last.User} is the last USER of the final stage: the container runs as root",
                "switch to an unprivileged user (USER app, or a numeric uid) after the steps that need root");
        }
    }
}
