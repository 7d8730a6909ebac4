using System.Runtime.InteropServices;

namespace Wharf.Cli;

/// <summary>Runs a server command (<c>wharf serve</c>, <see cref="ServerCommands"/>) by replacing this process with the
/// program <c>wharf-server</c> installed beside it (execv(2), decision 021): the server cannot be compiled ahead of time
/// as this client is. The same process id, arguments, environment and standard streams, so a service manager's SIGTERM
/// and a terminal's Ctrl-C reach the server itself and its exit code is the command's.</summary>
internal static partial class ServerHandoff
{
    /// <summary>Whether wharf-server runs these arguments: a server command, or the shell completing one (the
    /// <c>[suggest:N] "wharf serve --l"</c> of <c>wharf completion</c>'s script), whose options only it knows.</summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && (ServerCommands.Contains(args[0])
            || (args[0].StartsWith("[suggest", StringComparison.Ordinal) && args.Length > 1
                && args[1].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) is [_, var command, ..] && ServerCommands.Contains(command)));

    /// <summary>Never returns unless the exec failed; then prints the one line and returns 1.</summary>
    public static int Exec(string[] args)
    {
        var directory = AppContext.BaseDirectory;
        var apphost = Path.Combine(directory, "wharf-server");
        var dll = Path.Combine(directory, "wharf-server.dll");
        var self = Environment.ProcessPath;
        string[] argv;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" && File.Exists(dll))
        {
            // Run as `dotnet wharf.dll`: the same dotnet runs wharf-server.dll.
            argv = [self, dll, .. args];
        }
        else if (File.Exists(apphost))
        {
            argv = [apphost, .. args];
        }
        else
        {
            Console.Error.WriteLine($"wharf {args[0]}: the server commands are the program wharf-server, which is not installed beside wharf in {directory}");
            return 1;
        }

        Execv(argv[0], [.. argv, null]);
        var error = Marshal.GetLastPInvokeError();
        Console.Error.WriteLine($"wharf {args[0]}: cannot run {argv[0]}: {Marshal.GetPInvokeErrorMessage(error)}");
        return 1;
    }

    // execv(3) passes this process's environment (environ) on unchanged.
    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
