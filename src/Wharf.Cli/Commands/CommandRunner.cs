using System.Net.Http;
using Microsoft.Extensions.Options;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Cli.Commands;

/// <summary>Runs a command's action so that every failure is one line on stderr, <c>wharf COMMAND: what went wrong</c>,
/// and a non-zero exit code: 1 for a failure, 130 when interrupted. Never a stack trace.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(string command, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"wharf {command}: interrupted");
            return 130;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"wharf {command}: {Describe(e)}");
            return 1;
        }
    }

    /// <summary>The one line a user reads: the message of errors we raise on purpose, the type too for anything else
    /// (a bug), so that it can be reported.</summary>
    public static string Describe(Exception e)
    {
        var message = e switch
        {
            OptionsValidationException v => string.Join("; ", v.Failures),
            RegistryException r => r.Message,
            ImageNotFoundException or FormatException or InvalidDataException or IOException or UnauthorizedAccessException
                or HttpRequestException or NotSupportedException or ArgumentException or System.Data.Common.DbException => e.Message,
            // An object store's refusal: its code says more than the message, which is empty for a HEAD.
            Amazon.Runtime.AmazonServiceException s => $"the object store answered {(int)s.StatusCode} {s.ErrorCode}: {s.Message}".TrimEnd(' ', ':'),
            _ when e.GetType().Namespace?.StartsWith("Wharf", StringComparison.Ordinal) == true => e.Message,
            _ => $"internal error ({e.GetType().Name}): {e.Message}",
        };
        return message.ReplaceLineEndings(" ").Trim();
    }
}
