namespace Wharf.Build.Lint.Rules;

/// <summary>
/// <c>FROM python:3.12-slim</c> without a digest: publishers move version tags to every rebuilt image, so the same
/// Dockerfile builds on a different base next week. A digest (<c>python:3.12-slim@sha256:…</c>) fixes it and keeps the
/// tag readable. <c>latest</c> and no tag are <see cref="FromLatestRule"/>'s.
/// </summary>
internal sealed class FromMovingTagRule : ILintRule
{
    public string Id => "FromMovingTag";

    public IEnumerable<Advice> Check(LintContext context)
    {
        foreach (var stage in context.Dockerfile.Stages)
        {
            if (BaseImage.Of(context, stage) is { HasDigest: false, Tag: { } tag } image && tag != "latest")
            {
                yield return context.Advise(
                    Id, stage.From.Line,
                    $"FROM {image.Reference} follows a tag its publisher moves: rebuilds start from a different base without the Dockerfile changing",
                    $"pin the digest too: FROM {image.Name}:{tag}@sha256:<digest> (wharf inspect {image.Name}:{tag} shows it)");
            }
        }
    }
}
