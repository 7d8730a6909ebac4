namespace Wharf.Build.Lint;

/// <summary>One kind of advice. <see cref="Id"/> is stable (users silence it with <c># check=skip=Id</c>), PascalCase
/// like BuildKit's rule names, and the same as BuildKit's where BuildKit has the rule.</summary>
internal interface ILintRule
{
    string Id { get; }

    IEnumerable<Advice> Check(LintContext context);
}
