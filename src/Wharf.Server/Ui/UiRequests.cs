namespace Wharf.Server.Ui;

/// <summary>Which requests belong to the web UI: every path but those of the other protocols, which keep their own
/// authentication, headers and error bodies. Case-insensitive, as routing is: <c>/V2/</c> reaches the registry too.</summary>
internal static class UiRequests
{
    private static readonly PathString[] OtherProtocols = ["/v2", "/auth", "/api", "/metrics", "/healthz", "/readyz"];

    public static bool IsUi(HttpRequest request) =>
        !OtherProtocols.Any(path => request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase));
}
