namespace Wharf.Server.Auth.Web;

/// <summary>The authentication schemes of the JSON API and the web UI (decision 026). <see cref="Caller"/> is the one
/// they are asked through: it picks <see cref="Basic"/> when the request has an <c>Authorization</c> header, else the
/// <see cref="Session"/> cookie. <c>/v2</c> and <c>/auth/token</c> never use these: their callers carry Bearer tokens or
/// log in for one (decision 007).</summary>
internal static class WharfSchemes
{
    public const string Basic = "Basic";

    public const string Session = "Session";

    public const string Caller = "Caller";

    /// <summary>The session cookie's name.</summary>
    public const string SessionCookie = "wharf_session";
}
