namespace Wharf.Server.Ui.Pages;

/// <summary>The fields the account pages' forms post; each form uses the few it needs. A button's value (which row it
/// acts on) arrives in <see cref="Target"/>.</summary>
public sealed class AccountForm
{
    public string? Name { get; set; }

    public string? Password { get; set; }

    public string? NewPassword { get; set; }

    public string? Scope { get; set; }

    public string? Expires { get; set; }

    public string? Role { get; set; }

    public string? Team { get; set; }

    public string? Member { get; set; }

    public string? Repository { get; set; }

    public string? Kind { get; set; }

    public string? Access { get; set; }

    public bool IsAdmin { get; set; }

    public string? Target { get; set; }
}
