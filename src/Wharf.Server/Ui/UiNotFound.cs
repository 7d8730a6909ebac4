namespace Wharf.Server.Ui;

/// <summary>A page that answers 404 while still rendering its own body ("not found" and why).</summary>
internal static class UiNotFound
{
    /// <summary>Set as the response starts, not now: .NET 10's SSR endpoint writes no body for a 404 set while rendering
    /// (it leaves that to a router's not-found page), and the page's body says what is missing.</summary>
    public static void Answer(HttpContext http)
    {
        var response = http.Response;
        response.OnStarting(() =>
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }
}
