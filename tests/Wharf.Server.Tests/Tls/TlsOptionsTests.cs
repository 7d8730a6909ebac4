using System.ComponentModel.DataAnnotations;
using Wharf.Server.Options;

namespace Wharf.Server.Tests.Tls;

/// <summary>The <c>Tls</c> section: off by default, and the combinations start-up validation refuses.</summary>
public sealed class TlsOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_off()
    {
        var options = new TlsOptions();

        Assert.Empty(Errors(options));
        Assert.False(options.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ReloadInterval);
    }

    [Fact]
    public void A_certificate_without_its_key_is_refused_and_the_pair_is_accepted()
    {
        Assert.Contains(Errors(new TlsOptions { CertificatePath = "cert.pem" }), e => e.Contains("go together", StringComparison.Ordinal));
        Assert.Contains(Errors(new TlsOptions { KeyPath = "key.pem" }), e => e.Contains("go together", StringComparison.Ordinal));
        Assert.Empty(Errors(new TlsOptions { CertificatePath = "cert.pem", KeyPath = "key.pem" }));
        Assert.True(new TlsOptions { CertificatePath = "cert.pem", KeyPath = "key.pem" }.Enabled);
    }

    [Fact]
    public void Self_signed_and_a_certificate_of_ones_own_exclude_each_other() =>
        Assert.Contains(
            Errors(new TlsOptions { SelfSigned = true, CertificatePath = "cert.pem", KeyPath = "key.pem" }),
            e => e.Contains("exclude each other", StringComparison.Ordinal));

    [Theory]
    [InlineData("registry.example.net", true)]
    [InlineData("10.0.0.7", true)]
    [InlineData("::1", true)]
    [InlineData("*.example.net", false)]
    [InlineData("two words", false)]
    [InlineData("https://registry.example.net", false)]
    public void Self_signed_names_are_host_names_or_addresses(string name, bool valid)
    {
        var options = new TlsOptions { SelfSigned = true };
        options.SelfSignedNames.Add(name);

        Assert.Equal(valid, Errors(options).Count == 0);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("01:00:01")]
    public void A_reload_interval_out_of_range_is_refused(string interval) =>
        Assert.Contains(nameof(TlsOptions.ReloadInterval), Errors(new TlsOptions { ReloadInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }));

    private static List<string> Errors(TlsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames.Append(r.ErrorMessage ?? ""))];
    }
}
