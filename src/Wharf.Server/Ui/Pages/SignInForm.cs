namespace Wharf.Server.Ui.Pages;

/// <summary>The fields the sign-in form posts.</summary>
public sealed class SignInForm
{
    public string? User { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}
