namespace Wharf.Oci.Client;

/// <summary>How a <see cref="RegistryClient"/> talks to one registry.</summary>
public sealed class RegistryClientOptions
{
    /// <summary>The default upload chunk: large enough that the per-request cost vanishes, small enough that a
    /// resumed upload repeats little.</summary>
    public const int DefaultChunkSize = 16 * 1024 * 1024;

    /// <summary>Plain HTTP to a non-loopback host (loopback hosts always get plain HTTP, as docker does).</summary>
    public bool Insecure { get; init; }

    /// <summary>Credentials for this registry; when null, <see cref="CredentialStore"/> is asked; when both are null
    /// the client is anonymous.</summary>
    public RegistryCredential? Credential { get; init; }

    /// <summary>Where credentials are looked up by host when <see cref="Credential"/> is null (docker's config.json).</summary>
    public DockerCredentials? CredentialStore { get; init; }

    /// <summary>Blobs up to this size go up in one request; larger ones in PATCH chunks of this size (or the
    /// registry's <c>OCI-Chunk-Min-Length</c> when that is larger), so an interrupted upload resumes.</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>How many times one blob upload is tried (the first try included) across transport failures and 5xx.</summary>
    public int UploadAttempts { get; init; } = 4;

    /// <summary>The pause before a retry, multiplied by the attempt number.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string UserAgent { get; init; } = "wharf";

    /// <summary>The clock for token lifetimes and retry pauses.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
