namespace Wharf.Server.Tests.Conformance;

/// <summary>An image the tests pushed: config, one layer, and the manifest over them.</summary>
internal sealed record PushedImage(TestBlob Config, TestBlob Layer, TestManifest Manifest);
