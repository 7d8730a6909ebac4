using Wharf.Registry.Triggers;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Api.Builds;
using Wharf.Server.Builds;

namespace Wharf.Server.Api.Triggers;

/// <summary>Checks of a trigger's rules and credential, each throwing <see cref="ApiProblemException"/> (400) naming the rule and what
/// is wrong; the git URL is checked as a build's is (<see cref="BuildInput.Git"/>).</summary>
internal static class TriggerInput
{
    public const int MaxRules = 50;

    /// <summary>The rules as given; none: <paramref name="defaultBranch"/> builds <c>latest</c> (Docker Hub's default rule).</summary>
    public static IReadOnlyList<BuildRule> Rules(IReadOnlyList<RuleInput>? rules, Func<string> defaultBranch)
    {
        if (rules is null || rules.Count == 0)
        {
            return [BuildRule.DefaultBranch(defaultBranch())];
        }

        if (rules.Count > MaxRules)
        {
            throw new ApiProblemException($"at most {MaxRules} build rules");
        }

        return [.. rules.Select((rule, index) => Rule(rule, index + 1))];
    }

    /// <summary>The credential for the remote <paramref name="url"/>, checked (<see cref="GitCredential.Create"/>); null
    /// when none is given.</summary>
    public static GitCredential? Credential(CredentialInput? credential, string url)
    {
        try
        {
            return credential is null ? null : GitCredential.Create(credential.Username, credential.Token, credential.SshKey, url);
        }
        catch (ArgumentException e)
        {
            throw new ApiProblemException(e.Message);
        }
    }

    private static BuildRule Rule(RuleInput rule, int number)
    {
        try
        {
            var kind = rule.Kind switch
            {
                "branch" => RefKind.Branch,
                "tag" => RefKind.Tag,
                _ => throw new ArgumentException("kind must be branch or tag"),
            };
            var source = RuleSource.Parse(rule.Source ?? "");
            var tag = TagTemplate.Parse(rule.Tag ?? "", source);
            var dockerfile = BuildInput.Dockerfile(rule.Dockerfile);
            var context = string.IsNullOrEmpty(rule.Context) || rule.Context == "." ? "." : BuildInput.RelativePath(rule.Context.TrimEnd('/'), "context");
            return new BuildRule(kind, source, tag, dockerfile, context, BuildInput.BuildArgs(rule.BuildArgs), rule.Autobuild ?? true, rule.Cache ?? true,
                BuildInput.Test(rule.Test));
        }
        catch (ArgumentException e)
        {
            throw new ApiProblemException($"build rule {number}: {e.Message}");
        }
        catch (ApiProblemException e)
        {
            throw new ApiProblemException($"build rule {number}: {e.Message}");
        }
    }
}
