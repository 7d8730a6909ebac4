using Microsoft.Extensions.Options;

namespace Wharf.Server.Cli;

/// <summary>The one-line messages for failures only the server commands meet, on top of <see cref="CommandRunner"/>'s.</summary>
internal static class ServerErrors
{
    public static string? Describe(Exception e) => e switch
    {
        OptionsValidationException v => string.Join("; ", v.Failures),
        // An object store's refusal: its code says more than the message, which is empty for a HEAD.
        Amazon.Runtime.AmazonServiceException s => $"the object store answered {(int)s.StatusCode} {s.ErrorCode}: {s.Message}".TrimEnd(' ', ':'),
        _ => null,
    };
}
