namespace Wharf.Oci.Client;

/// <summary>One request to the registry API: where, with which scopes, and what it is for (named in errors).</summary>
/// <param name="What">The operation in words, e.g. "pull manifest team/app:1", for error messages.</param>
internal sealed record RegistryRequest(HttpMethod Method, Uri Uri, IReadOnlyList<string> Scopes, string What)
{
    /// <summary>Makes the body anew for each send (a token renewal sends a replayable request twice).</summary>
    public Func<HttpContent>? Content { get; init; }

    /// <summary>Extra headers (Accept, Range).</summary>
    public Action<HttpRequestMessage>? Configure { get; init; }

    /// <summary>False for a body streamed from a source, which cannot be sent again: the caller handles a 401
    /// (after the token was renewed) like any other interrupted upload.</summary>
    public bool Replayable { get; init; } = true;
}
