using Wharf.Registry.Triggers;

namespace Wharf.Server.Ui.Pages;

/// <summary>A trigger's rule in words, as its pages show it.</summary>
internal static class TriggerRules
{
    /// <summary><c>branch main → latest</c>, with the Dockerfile and context when they are not the defaults.</summary>
    public static string Describe(BuildRule rule)
    {
        var text = $"{Kind(rule)} {rule.Source.Text} → {rule.Tag.Text}";
        if (rule.Dockerfile != "Dockerfile" || rule.Context != ".")
        {
            text += $" ({rule.Dockerfile} in {rule.Context})";
        }

        return text;
    }

    public static string Kind(BuildRule rule) => rule.Kind == RefKind.Tag ? "tag" : "branch";
}
