namespace Wharf.Server.Ui;

/// <summary>Statuses a page answers with besides 200.</summary>
internal static class UiStatus
{
    /// <summary>Answers 404 with the page's own body (see <see cref="Set"/>).</summary>
    public static void NotFound(HttpContext http) => Set(http, StatusCodes.Status404NotFound);

    /// <summary>Answers <paramref name="status"/> with the page's own body. Set as the response starts, not at once:
    /// .NET 10's SSR endpoint writes no body for a 404 set while rendering (it leaves that to a router's not-found page),
    /// and a page's body says what is wrong.</summary>
    public static void Set(HttpContext http, int status)
    {
        var response = http.Response;
        response.OnStarting(() =>
        {
            response.StatusCode = status;
            return Task.CompletedTask;
        });
    }
}
