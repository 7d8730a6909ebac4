using System.Globalization;
using Wharf.Oci;

namespace Wharf.Server.Ui;

/// <summary>How pages write sizes, digests and times.</summary>
internal static class UiFormat
{
    public static string Size(long bytes) => Bytes.Format(bytes);

    /// <summary>A size that may not be known yet (a layer's uncompressed size until it is measured).</summary>
    public static string Size(long? bytes) => bytes is >= 0 ? Bytes.Format(bytes.Value) : bytes is null ? "not measured yet" : "unreadable";

    /// <summary>The first 12 hex digits, as docker shows image ids.</summary>
    public static string Short(Digest digest) => digest.Hex.Length > 12 ? digest.Hex[..12] : digest.Hex;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A config's <c>created</c> as written (RFC 3339), shortened when it parses.</summary>
    public static string Time(string? created) =>
        created is null ? "" : DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? Time(t) : created;

    /// <summary>A span as people say it: <c>1 h 2 min</c>, <c>3 min 4 s</c>, <c>5.6 s</c>.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
        : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0.0} s");
}
