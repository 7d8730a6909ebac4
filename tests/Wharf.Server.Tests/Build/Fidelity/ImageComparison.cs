using System.Formats.Tar;
using System.Globalization;
using System.Text.Json;
using Wharf.Build.Images;
using Wharf.TestKit.Images;

namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>What must match between docker's image and Wharf's: every path of the file tree (type, mode, owner,
/// size, content, link target; whiteouts applied) and the config fields a container starts with. Not compared, by
/// design: modification times (Wharf clamps them to the source date epoch, docker keeps the wall clock), how the
/// changes are cut into layers (docker commits an empty layer for a metadata step, Wharf none) and the history text.</summary>
public static class ImageComparison
{
    /// <summary>One line per difference, "path: docker …, wharf …"; empty when the images match.</summary>
    public static List<string> Compare(ImageTree docker, ImageTree wharf)
    {
        var differences = new List<string>();
        foreach (var (field, dockerValue, wharfValue) in ConfigFields(docker.Config).Zip(ConfigFields(wharf.Config), (d, w) => (d.Field, d.Value, w.Value)))
        {
            if (dockerValue != wharfValue)
            {
                differences.Add($"config {field}: docker {dockerValue}, wharf {wharfValue}");
            }
        }

        foreach (var path in docker.Files.Keys.Union(wharf.Files.Keys).Order(StringComparer.Ordinal))
        {
            var inDocker = docker.Files.TryGetValue(path, out var d) ? Describe(d) : null;
            var inWharf = wharf.Files.TryGetValue(path, out var w) ? Describe(w) : null;
            if (inDocker != inWharf)
            {
                differences.Add($"/{path}: docker {inDocker ?? "(absent)"}, wharf {inWharf ?? "(absent)"}");
            }
        }

        return differences;
    }

    private static IEnumerable<(string Field, string Value)> ConfigFields(ImageConfig image)
    {
        var config = image.Config;
        yield return ("Env", Json(config.Env));
        yield return ("Cmd", Json(config.Cmd));
        yield return ("Entrypoint", Json(config.Entrypoint));
        yield return ("WorkingDir", Json(string.IsNullOrEmpty(config.WorkingDir) ? null : config.WorkingDir));
        yield return ("User", Json(string.IsNullOrEmpty(config.User) ? null : config.User));
        yield return ("ExposedPorts", Json(config.ExposedPorts?.Keys));
        yield return ("Volumes", Json(config.Volumes?.Keys));
        yield return ("Labels", Json(config.Labels));
        yield return ("StopSignal", Json(config.StopSignal));
        yield return ("Healthcheck", Json(config.Healthcheck));
        yield return ("Shell", Json(config.Shell));
        yield return ("OnBuild", Json(config.OnBuild));
        yield return ("author", Json(string.IsNullOrEmpty(image.Author) ? null : image.Author));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>Everything compared about one path, in one string. Both kinds of regular-file entry are one type.</summary>
    private static string Describe(ImageFile file)
    {
        var type = file.Type is TarEntryType.V7RegularFile ? TarEntryType.RegularFile : file.Type;
        var mode = Convert.ToString(file.Mode, 8).PadLeft(4, '0');
        var content = type is TarEntryType.RegularFile ? $" size {file.Size.ToString(CultureInfo.InvariantCulture)} sha256 {file.ContentHash?[..12]}" : "";
        var link = file.LinkTarget is null ? "" : $" -> {file.LinkTarget}";
        return $"{type} {mode} {file.Uid}:{file.Gid}{content}{link}";
    }
}
