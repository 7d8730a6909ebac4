using System.Text;
using Wharf.Build;
using Wharf.Registry.Builds;
using Wharf.Server.Builds;

namespace Wharf.Server.Tests.Builds;

/// <summary>A build's log masks each line of its secrets and key files that is long enough not to be an ordinary word,
/// wherever it appears, and nothing else.</summary>
public sealed class SecretMaskingBuildLogTests
{
    [Fact]
    public void Secret_lines_are_masked_where_a_step_prints_them_and_short_or_binary_values_are_not()
    {
        var lines = new List<string>();
        var key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB\nAAAAMwAAAAtzc2gtZWQyNTUxOQ\n-----END OPENSSH PRIVATE KEY-----\n";
        var secrets = new BuildSecrets(
            new Dictionary<string, byte[]>
            {
                ["token"] = Encoding.UTF8.GetBytes("ghp_0123456789abcdef\n"),
                ["short"] = Encoding.UTF8.GetBytes("abc"),
                ["binary"] = [0xff, 0xfe, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41],
            },
            new Dictionary<string, IReadOnlyList<byte[]>> { ["deploy"] = [Encoding.UTF8.GetBytes(key)] });
        var log = SecretMaskingBuildLog.Over(new ListLog(lines), secrets);

        log.Line("token=ghp_0123456789abcdef; again ghp_0123456789abcdef");
        log.Line("abc and AAAAAAAA stay");
        log.Line("-----BEGIN OPENSSH PRIVATE KEY-----");
        log.Line("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB");

        Assert.Equal(["token=****; again ****", "abc and AAAAAAAA stay", "-----BEGIN OPENSSH PRIVATE KEY-----", "****"], lines);
    }

    [Fact]
    public void A_build_without_secrets_keeps_its_log_as_it_is()
    {
        var inner = new ListLog([]);

        Assert.Same(inner, SecretMaskingBuildLog.Over(inner, BuildSecrets.None));
    }

    private sealed class ListLog(List<string> lines) : IBuildLog
    {
        public void Line(string text) => lines.Add(text);
    }
}
