using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Cli.Commands;

/// <summary>Parses the registry-only arguments: <c>HOST</c> for the catalog, <c>HOST/REPO</c> for tags (with or
/// without <c>docker://</c>).</summary>
internal static class RegistryReferences
{
    public static ImageReference Repository(string text)
    {
        var reference = ImageReference.Parse(text);
        return reference.Transport == ImageTransport.Registry
            ? reference
            : throw new ArgumentException($"{text} is not a registry repository; write HOST/REPO");
    }

    /// <summary>A registry host (<c>localhost:5000</c>, <c>registry.example.net</c>), with or without <c>docker://</c>.</summary>
    public static string Host(string text)
    {
        var host = (text.StartsWith("docker://", StringComparison.Ordinal) ? text[9..] : text).TrimEnd('/');
        return host.Length > 0 && !host.Contains('/', StringComparison.Ordinal) && Uri.CheckHostName(host.Split(':')[0]) != UriHostNameType.Unknown
            ? host
            : throw new FormatException($"'{text}' is not a registry host; write HOST or HOST:PORT");
    }

    public static RepositoryName RepositoryOf(ImageReference reference) => reference.Repository!.Value;
}
