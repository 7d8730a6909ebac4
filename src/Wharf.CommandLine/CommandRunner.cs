using System.Net.Http;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.CommandLine;

/// <summary>Runs a command's action so that every failure is one line on stderr, <c>wharf COMMAND: what went wrong</c>,
/// and a non-zero exit code: 1 for a failure, 130 when interrupted. Never a stack trace.</summary>
public static class CommandRunner
{
    /// <summary>Runs <paramref name="action"/>; <paramref name="describe"/> gives the line for failures only one program
    /// knows (<c>wharf-server</c>'s options validation and object store errors), null for the rest.</summary>
    public static async Task<int> RunAsync(string command, Func<Task<int>> action, Func<Exception, string?>? describe = null)
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
            await Console.Error.WriteLineAsync($"wharf {command}: {(describe?.Invoke(e) ?? Describe(e)).ReplaceLineEndings(" ").Trim()}");
            return 1;
        }
    }

    /// <summary>The one line a user reads: the message of errors we raise on purpose, the type too for anything else
    /// (a bug), so that it can be reported.</summary>
    public static string Describe(Exception e)
    {
        var message = e switch
        {
            RegistryException r => r.Message,
            ImageNotFoundException or FormatException or InvalidDataException or IOException or UnauthorizedAccessException
                or HttpRequestException or NotSupportedException or ArgumentException or System.Data.Common.DbException => e.Message,
            _ when e.GetType().Namespace?.StartsWith("Wharf", StringComparison.Ordinal) == true => e.Message,
            _ => $"internal error ({e.GetType().Name}): {e.Message}",
        };
        return message.ReplaceLineEndings(" ").Trim();
    }
}
