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

    /// <summary>The middleware, after authentication: headers, then the antiforgery check of form posts.</summary>
    public static void Use(WebApplication app)
    {
        UiSecurityHeaders.Use(app);
        app.UseAntiforgery();
    }

    public static void Map(WebApplication app)
    {
        UiAssets.Map(app);
        app.MapRazorComponents<App>();
    }
}
