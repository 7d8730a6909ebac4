using Wharf.Build.Execution;
using Wharf.Oci;

namespace Wharf.Build.Tests.Execution;

/// <summary>Which platforms a RUN can run on this machine: its own architecture, 386 on amd64, and any other whose ELF
/// header an enabled binfmt_misc handler matches (entries as the kernel shows qemu-user-static's registrations).</summary>
public sealed class ForeignPlatformsTests : IDisposable
{
    private static readonly Platform Amd64 = Linux("amd64");

    private readonly TempDirectory _binfmt = new("wharf-binfmt-");

    public void Dispose() => _binfmt.Dispose();

    [Theory]
    [InlineData("amd64", true)]
    [InlineData("386", true)]
    [InlineData("arm64", false)]
    [InlineData("s390x", false)]
    public void Without_handlers_only_the_hosts_own_architectures_run(string architecture, bool runs) =>
        Assert.Equal(runs, ForeignPlatforms.CanRun(Linux(architecture), Amd64, _binfmt.Path));

    [Fact]
    public void Enabled_qemu_handlers_run_their_architectures_and_no_other()
    {
        Register("qemu-aarch64", "enabled", "7f454c460201010000000000000000000200b700", "ffffffffffffff00fffffffffffffffffeffffff");
        Register("qemu-s390x", "enabled", "7f454c4602020100000000000000000000020016", "ffffffffffffff00fffffffffffffffffffeffff");
        Register("qemu-riscv64", "disabled", "7f454c460201010000000000000000000200f300", "ffffffffffffff00fffffffffffffffffeffffff");
        File.WriteAllText(Path.Combine(_binfmt.Path, "status"), "enabled\n");

        Assert.True(ForeignPlatforms.CanRun(Linux("arm64"), Amd64, _binfmt.Path));
        Assert.True(ForeignPlatforms.CanRun(new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" }, Amd64, _binfmt.Path));
        Assert.True(ForeignPlatforms.CanRun(Linux("s390x"), Amd64, _binfmt.Path));
        Assert.False(ForeignPlatforms.CanRun(Linux("riscv64"), Amd64, _binfmt.Path));
        Assert.False(ForeignPlatforms.CanRun(Linux("ppc64le"), Amd64, _binfmt.Path));
        Assert.False(ForeignPlatforms.CanRun(new Platform { Os = "windows", Architecture = "amd64" }, Amd64, _binfmt.Path));
    }

    [Fact]
    public void A_missing_binfmt_misc_runs_only_the_host() =>
        Assert.False(ForeignPlatforms.CanRun(Linux("arm64"), Amd64, Path.Combine(_binfmt.Path, "not-mounted")));

    private void Register(string name, string state, string magic, string mask) =>
        File.WriteAllText(Path.Combine(_binfmt.Path, name),
            $"{state}\ninterpreter /usr/bin/{name}-static\nflags: OCF\noffset 0\nmagic {magic}\nmask {mask}\n");

    private static Platform Linux(string architecture) => new() { Os = "linux", Architecture = architecture };
}
