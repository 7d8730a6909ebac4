using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>The tests that drive docker, skopeo, podman and buildah share one private Docker engine and run one
/// after another, so a test run never starts a second engine.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerToolsDefinition : ICollectionFixture<DockerEngine>
{
    public const string Name = "Container tools";
}
