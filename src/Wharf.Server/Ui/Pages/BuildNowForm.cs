namespace Wharf.Server.Ui.Pages;

/// <summary>The field the trigger page's "build now" form posts: a branch or tag (<c>main</c>, <c>refs/tags/v1</c>).</summary>
public sealed class BuildNowForm
{
    public string? Ref { get; set; }
}
