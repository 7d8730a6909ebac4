using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Wharf.Server.Ui;

/// <summary>The web UI (issue 11, decision 026): Razor components rendered on the server as static HTML, their forms
/// protected by antiforgery tokens, their answers by <see cref="UiSecurityHeaders"/>. Who the caller is comes from
/// <c>Auth/Web/WebAuthentication</c>, which runs before this.</summary>
internal static class UiSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "wharf_antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
    }

    /// <summary>Before authentication, so that a sign-in redirect or a refusal carries them too.</summary>
    public static void UseHeaders(WebApplication app) => UiSecurityHeaders.Use(app);

    /// <summary>After authentication: the antiforgery check of form posts, whose tokens are bound to the user.</summary>
    public static void UseAntiforgery(WebApplication app) => app.UseAntiforgery();

    public static void Map(WebApplication app)
    {
        UiAssets.Map(app);
        UiBuilds.Map(app);
        app.MapRazorComponents<App>();
    }
}
