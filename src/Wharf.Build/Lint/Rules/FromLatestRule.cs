namespace Wharf.Build.Lint.Rules;

/// <summary>
/// <c>FROM python</c> or <c>FROM python:latest</c> without a digest: whatever the publisher pushed last, which can be
/// a new major version. Kept apart from <see cref="FromMovingTagRule"/> so a team that accepts version tags can
/// silence that one and keep this.
/// </summary>
internal sealed class FromLatestRule : ILintRule
{
    public string Id => "FromLatest";

    public IEnumerable<Advice> Check(LintContext context)
    {
        foreach (var stage in context.Dockerfile.Stages)
        {
            if (BaseImage.Of(context, stage) is { HasDigest: false, Tag: null or "latest" } image)
            {
                yield return context.Advise(
                    Id, stage.From.Line,
                    $"FROM {image.Reference} {(image.Tag is null ? "has no tag, so it means latest" : "uses the latest tag")}: each build can start from a different image, even a new major version",
                    $"name a version and pin its digest: FROM {image.Name}:<version>@sha256:<digest>");
            }
        }
    }
}
