using Wharf.Build.Lint;

namespace Wharf.Build;

/// <summary>What <see cref="LayeringAdvice"/> printed for one image and Dockerfile: kept by the build, so a rebuild that
/// changed nothing prints it again without reading every layer's listing and linting again.</summary>
internal sealed record AdviceReport(IReadOnlyList<string> Summary, IReadOnlyList<Advice> Advice);
