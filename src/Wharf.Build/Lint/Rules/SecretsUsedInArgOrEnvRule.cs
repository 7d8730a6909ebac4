using System.Text.RegularExpressions;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// An ARG or ENV whose name says it holds a secret: ENV values are in the image config for anyone who pulls it, and
/// ARG values in its history. BuildKit's rule, with its id and its test (frontend/dockerfile/dockerfile2llb,
/// <c>validateNoSecretKey</c>): one of the words apikey, auth, credential(s), key, password, pword, passwd, secret or
/// token, delimited by <c>_</c> or the ends of the name (<c>GITHUB_TOKEN</c>, <c>API_KEY</c>, <c>AUTH</c>; not
/// <c>MONKEY</c> or <c>TOKENIZER</c>), unless a word says it is harmless (public, file, version: <c>PUBLIC_KEY</c>,
/// <c>PASSWORD_FILE</c>, <c>KEY_VERSION</c>).
/// </summary>
internal sealed partial class SecretsUsedInArgOrEnvRule : ILintRule
{
    public string Id => "SecretsUsedInArgOrEnv";

    public IEnumerable<Advice> Check(LintContext context)
    {
        var names = context.Dockerfile.GlobalArgs.Concat(context.Dockerfile.Stages.SelectMany(s => s.Instructions))
            .SelectMany(i => i switch
            {
                ArgInstruction arg => arg.Args.Select(a => (i, Name: a.Name)),
                EnvInstruction env => env.Variables.Select(v => (i, Name: v.Key)),
                _ => [],
            });
        foreach (var (instruction, name) in names)
        {
            if (IsSecretName(name))
            {
                yield return context.Advise(
                    Id, instruction.Line,
                    $"{instruction.Keyword} \"{name}\" looks like a secret: its value stays in the image's {(instruction is EnvInstruction ? "config" : "history")}",
                    $"pass it with RUN --mount=type=secret,id={name.ToLowerInvariant()} (wharf build --secret) instead");
            }
        }
    }

    internal static bool IsSecretName(string name) => Denied().IsMatch(name) && !Allowed().IsMatch(name);

    [GeneratedRegex("(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Denied();

    [GeneratedRegex("(?:_|^)(?:public|file|version)(?:_|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Allowed();
}
