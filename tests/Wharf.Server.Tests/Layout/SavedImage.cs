namespace Wharf.Server.Tests.Layout;

/// <summary>An image built in the test engine and written by <c>docker save</c>.</summary>
/// <param name="Tag">Its name in the engine, <c>wharf-e2e/NAME:NONCE</c>.</param>
/// <param name="Archive">The <c>docker save</c> tar.</param>
/// <param name="Output">What <c>docker run</c> of it prints.</param>
/// <param name="ImageId">Its ID (the config's digest).</param>
public sealed record SavedImage(string Tag, string Archive, string Output, string ImageId);
