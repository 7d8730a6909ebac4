using System.Collections.Concurrent;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>What the crash test's pushers did and what the registry acknowledged before it was killed, so that
/// after the restart every acknowledged push can be checked for, and every unacknowledged one judged.</summary>
public sealed class PushJournal
{
    private int _acknowledgedManifests;
    private volatile bool _killed;

    public ConcurrentQueue<BlobUpload> Blobs { get; } = new();

    public ConcurrentQueue<ManifestPush> Manifests { get; } = new();

    /// <summary>Failures that are bugs whenever they happen: a wrong status, or a transport error before the kill.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>Set just before SIGKILL: from then on a transport error is expected, not a failure.</summary>
    public bool Killed
    {
        get => _killed;
        set => _killed = value;
    }

    public int AcknowledgedManifests => Volatile.Read(ref _acknowledgedManifests);

    public BlobUpload StartBlob(string repository, byte[] bytes, string mode)
    {
        var upload = new BlobUpload(repository, bytes, mode);
        Blobs.Enqueue(upload);
        return upload;
    }

    public ManifestPush StartManifest(string repository, string tag, TestImage image)
    {
        var push = new ManifestPush(repository, tag, image);
        Manifests.Enqueue(push);
        return push;
    }

    public void Acknowledge(ManifestPush push)
    {
        push.Acknowledged = true;
        Interlocked.Increment(ref _acknowledgedManifests);
    }

    public sealed class BlobUpload(string repository, byte[] bytes, string mode)
    {
        public string Repository { get; } = repository;

        public byte[] Bytes { get; } = bytes;

        public string Digest { get; } = OciPushClient.DigestOf(bytes);

        /// <summary>monolithic (POST ?digest=), chunked (POST, PATCH…, PUT) or post-put (POST, PUT with the body).</summary>
        public string Mode { get; } = mode;

        /// <summary>The session, once its POST was answered 202.</summary>
        public Uri? Location { get; set; }

        /// <summary>Bytes the registry acknowledged with a 202 to a PATCH.</summary>
        public long AcknowledgedOffset { get; set; }

        /// <summary>The request that carries the last byte and the digest has been sent (it may not have arrived).</summary>
        public bool FinalRequestSent { get; set; }

        /// <summary>The registry answered 201 Created.</summary>
        public bool Acknowledged { get; set; }
    }

    public sealed class ManifestPush(string repository, string tag, TestImage image)
    {
        public string Repository { get; } = repository;

        public string Tag { get; } = tag;

        public TestImage Image { get; } = image;

        public bool Acknowledged { get; set; }
    }
}
