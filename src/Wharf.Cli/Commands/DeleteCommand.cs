using System.CommandLine;
using Wharf.Oci.Errors;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf delete HOST/REPO:TAG</c> removes the tag (the manifest stays, reachable by digest and other tags);
/// <c>wharf delete HOST/REPO@DIGEST</c> removes the manifest and every tag on it. As distribution-spec 1.1 defines.</summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("reference") { Description = "HOST/REPO:TAG (the tag) or HOST/REPO@DIGEST (the manifest and its tags)." };
        var insecure = CommonOptions.Insecure();
        var quiet = CommonOptions.Quiet();
        var command = new Command("delete", "Delete a tag, or a manifest by digest, from a registry.") { reference, insecure, quiet };
        command.SetAction((result, ct) => CommandRunner.RunAsync("delete", async () =>
        {
            var target = RegistryReferences.Repository(result.GetValue(reference)!);
            using var client = new ImageTransports(result.GetValue(insecure)).OpenRegistry(target);
            bool deleted;
            try
            {
                deleted = await client.DeleteManifestAsync(RegistryReferences.RepositoryOf(target), target.Reference!.Value, ct);
            }
            // distribution-spec 1.1 lets registries refuse tag deletion: Distribution 2.8 answers DIGEST_INVALID, others UNSUPPORTED.
            catch (RegistryException e) when (e.Code is OciErrorCode.Unsupported or OciErrorCode.DigestInvalid && !target.Reference!.Value.IsDigest)
            {
                throw new NotSupportedException($"{target.Host} does not delete tags; delete the manifest by digest instead (HOST/REPO@sha256:…), which removes every tag on it");
            }

            if (!deleted)
            {
                throw new Oci.Images.ImageNotFoundException($"{target} does not exist");
            }

            if (!result.GetValue(quiet))
            {
                Console.WriteLine($"deleted {target}");
            }

            return 0;
        }));
        return command;
    }
}
