namespace Wharf.Server.Api.Accounts;

/// <summary>Endpoint metadata naming a request body for the OpenAPI document only (<see cref="RequestBodyTransformer"/>).
/// Not <c>Accepts&lt;T&gt;()</c>: that also makes routing refuse other content types with a bare 415, before the
/// endpoint could answer with a problem, and lets no htpasswd through that curl sent as a form.</summary>
internal sealed record DocumentedBody(Type Type, string ContentType)
{
    public static DocumentedBody Json<T>() => new(typeof(T), "application/json");

    public static DocumentedBody Text() => new(typeof(string), "text/plain");
}
