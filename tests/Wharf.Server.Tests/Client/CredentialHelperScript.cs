using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Client;

/// <summary>A real credential helper for the tests: <c>docker-credential-wharftest</c>, a shell script speaking the
/// docker credential-helpers protocol (get/store/erase on stdin) that keeps one file per server URL next to itself.
/// Its directory is put on this process's PATH once, as docker would find a helper.</summary>
internal static class CredentialHelperScript
{
    private static readonly Lazy<string> Installed = new(Install);

    /// <summary>The helper's name for config.json (<c>credsStore</c>, <c>credHelpers</c>); installs it on first use.</summary>
    public static string Name => Installed.Value.Length > 0 ? "wharftest" : throw new InvalidOperationException("not installed");

    /// <summary>The directory holding the script and its store.</summary>
    public static string Directory => Installed.Value;

    private const string Script = """
        #!/bin/sh
        store="$(dirname "$0")/store"
        mkdir -p "$store"
        key() { printf '%s' "$1" | tr -c 'A-Za-z0-9' '_'; }
        case "$1" in
          store)
            payload=$(cat)
            url=$(printf '%s' "$payload" | sed -n 's/.*"ServerURL":"\([^"]*\)".*/\1/p')
            printf '%s' "$payload" > "$store/$(key "$url")"
            ;;
          get)
            file="$store/$(key "$(cat)")"
            if [ -f "$file" ]; then cat "$file"; else echo "credentials not found in native keychain"; exit 1; fi
            ;;
          erase)
            file="$store/$(key "$(cat)")"
            if [ -f "$file" ]; then rm "$file"; else echo "credentials not found in native keychain"; exit 1; fi
            ;;
          *)
            echo "unknown action $1"; exit 1
            ;;
        esac
        """;

    private static string Install()
    {
        ExternalTool.Require("sh");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the credential helper test script is a POSIX shell script");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("wharf-credential-helper-").FullName;
        var path = Path.Combine(directory, "docker-credential-wharftest");
        File.WriteAllText(path, Script.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Prepending a directory that holds only this helper cannot change which tool other tests find.
        Environment.SetEnvironmentVariable("PATH", $"{directory}:{Environment.GetEnvironmentVariable("PATH")}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(directory, recursive: true);
        return directory;
    }

    /// <summary>What the helper holds for a server URL (the JSON it was given), or null.</summary>
    public static string? Stored(string serverUrl)
    {
        var key = string.Concat(serverUrl.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        var file = Path.Combine(Directory, "store", key);
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }
}
