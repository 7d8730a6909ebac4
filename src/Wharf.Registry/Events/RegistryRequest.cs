namespace Wharf.Registry.Events;

/// <summary>The HTTP request behind an event, as notifications report it to their receivers (the request record of
/// Distribution's notification envelope).</summary>
/// <param name="Id">The request's id: its <c>X-Request-Id</c>, in the server's log lines too.</param>
/// <param name="Host">The Host the client named (<c>registry.example:5000</c>): what the event's URLs are built on.</param>
/// <param name="Https">Whether it came over TLS, for the scheme of those URLs.</param>
public sealed record RegistryRequest(string Id, string Method, string Host, string UserAgent, bool Https)
{
    /// <summary><c>https://HOST</c> or <c>http://HOST</c>.</summary>
    public string BaseUrl => $"{(Https ? "https" : "http")}://{Host}";
}
