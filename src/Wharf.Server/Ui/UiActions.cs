using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Ui;

/// <summary>How a page runs a change through <see cref="AccountActions"/>, the rules the management API runs: as the
/// signed-in caller, and with a refusal turned into the API's own words for the page and its status for the answer
/// (never a 500 for a refusal).</summary>
internal static class UiActions
{
    /// <summary>The caller as the API's rules see it: the request's principal and client address.</summary>
    public static ApiCaller Caller(HttpContext http) =>
        new(UiCaller.PrincipalOf(http), http.Connection.RemoteIpAddress?.ToString() ?? "");

    /// <summary>Null when <paramref name="action"/> passed; else the problem's detail, the answer's status set to its.</summary>
    public static async Task<string?> RunAsync(HttpContext http, Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (ApiProblemException e)
        {
            UiStatus.Set(http, e.Problem.StatusCode);
            return e.Message;
        }
    }


    /// <summary>A time as the pages show it: UTC, to the minute.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
