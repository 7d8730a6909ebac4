using System.CommandLine;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf tag HOST/REPO:TAG NEWTAG</c>: points another tag at the same manifest, on the registry itself: the
/// manifest bytes are read and put back under the new tag, no blob moves.</summary>
internal static class TagCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "HOST/REPO:TAG or HOST/REPO@DIGEST." };
        var tag = new Argument<string>("tag") { Description = "The new tag, in the same repository." };
        var insecure = CommonOptions.Insecure();
        var quiet = CommonOptions.Quiet();
        var command = new Command("tag", "Add a tag to an image in a registry without moving any layer.") { source, tag, insecure, quiet };
        command.SetAction((result, ct) => CommandRunner.RunAsync("tag", async () =>
        {
            var from = RegistryReferences.Repository(result.GetValue(source)!);
            var newTag = result.GetValue(tag)!;
            if (!Tag.IsValid(newTag))
            {
                throw new FormatException($"'{newTag}' is not a valid tag (up to 128 of a-z A-Z 0-9 _ . -, not starting with . or -)");
            }

            using var client = new ImageTransports(result.GetValue(insecure)).OpenRegistry(from);
            var repository = RegistryReferences.RepositoryOf(from);
            var manifest = await client.FindManifestAsync(repository, from.Reference!.Value, ct)
                ?? throw new ImageNotFoundException($"{from} does not exist");
            await client.PutManifestAsync(repository, Reference.ForTag(newTag), manifest, ct);
            if (!result.GetValue(quiet))
            {
                Console.WriteLine($"{ImageReference.ForRegistry(from.Host!, repository, Reference.ForTag(newTag))} {manifest.Digest}");
            }

            return 0;
        }));
        return command;
    }
}
