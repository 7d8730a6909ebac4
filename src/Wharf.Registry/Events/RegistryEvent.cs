using Wharf.Oci;

namespace Wharf.Registry.Events;

/// <summary>Something that happened to a repository's content: a manifest pushed, pulled or deleted, a blob deleted.</summary>
/// <param name="Action">One of <see cref="Auth.AuditActions"/>' registry words: push, pull, delete.</param>
/// <param name="Reference">The tag or digest the request named.</param>
/// <param name="Digest">The manifest it resolved to, when there is one to name (not for deletes).</param>
/// <param name="MediaType">The manifest's media type, for a push or a pull.</param>
/// <param name="Size">The manifest's length in bytes, for a push or a pull.</param>
public sealed record RegistryEvent(
    string Action, string Repository, string Reference, Digest? Digest, RegistryActor Actor, string? MediaType = null, long? Size = null)
{
    /// <summary>The audit log's detail: "<c>REFERENCE DIGEST</c>", or the reference alone.</summary>
    public string Detail => Digest is { } digest ? $"{Reference} {digest}" : Reference;
}
