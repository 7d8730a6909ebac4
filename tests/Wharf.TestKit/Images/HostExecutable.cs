namespace Wharf.TestKit.Images;

/// <summary>A dynamically linked tool of this machine made runnable in a busybox image: the executable and the libraries
/// <c>ldd</c> says it loads, copied under a directory laid out as a root filesystem (COPY it to /).</summary>
public static class HostExecutable
{
    public static async Task CopyWithLibrariesAsync(string tool, string directory)
    {
        var executable = ExternalTool.Require(tool);
        var libraries = (await ExternalTool.RunAsync("ldd", [executable])).EnsureSuccess().StandardOutput
            .Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(words => words.FirstOrDefault(w => w.StartsWith('/')))
            .OfType<string>();
        foreach (var file in libraries.Append(executable))
        {
            var target = Path.Combine(directory, file.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
