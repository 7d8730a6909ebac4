using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Wharf.Server.Options;

namespace Wharf.Server.Tls;

/// <summary>Where HTTPS is wired (decision 010): the listen URLs with their scheme resolved, Kestrel's HTTPS defaults
/// pointed at <see cref="ServerCertificateProvider"/>, the reload loop and the self-signed notice. Settings that
/// contradict each other stop the start here with one message.</summary>
public static class TlsSetup
{
    private const string KestrelEndpoints = "Kestrel:Endpoints";

    /// <summary>True when <c>Tls</c> asks Wharf to serve HTTPS: a certificate path, or <c>SelfSigned</c>. Read from the
    /// raw values because the listen URLs depend on it before the options are bound; a malformed <c>SelfSigned</c>
    /// is reported by the options' validation.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration[$"{TlsOptions.Section}:{nameof(TlsOptions.CertificatePath)}"] is { Length: > 0 }
        || (bool.TryParse(configuration[$"{TlsOptions.Section}:{nameof(TlsOptions.SelfSigned)}"], out var selfSigned) && selfSigned);

    /// <summary>Resolves and applies the listen URLs and registers the TLS services.</summary>
    /// <exception cref="OptionsValidationException">The listeners and the certificate settings contradict each other.</exception>
    internal static void Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var tls = IsEnabled(configuration);
        var endpoints = configuration.GetSection(KestrelEndpoints).GetChildren().ToList();
        var listen = ListenUrls.Resolve(configuration[WebHostDefaults.ServerUrlsKey], endpoints.Select(e => e["Url"]).OfType<string>(), tls);
        var kestrelCertificates = endpoints.Any(e => e.GetSection("Certificate").Exists() || e.GetSection("Sni").Exists())
            || configuration.GetSection("Kestrel:Certificates:Default").Exists();
        Check(tls, listen, endpoints.Count > 0, kestrelCertificates);
        builder.WebHost.UseUrls([.. listen.Urls]);
        builder.Services.AddSingleton(listen);
        builder.Services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (!tls)
        {
            return;
        }

        builder.Services.AddSingleton<ServerCertificateProvider>();
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<ServerCertificateProvider>((kestrel, provider) => kestrel.ConfigureHttpsDefaults(provider.ApplyTo));
        builder.Services.AddHostedService<CertificateReloadService>();
        builder.Services.AddHostedService<SelfSignedTrustNotice>();
    }

    /// <summary>Loads the certificate now (making the self-signed one first), so a missing file or a key that does not
    /// match stops <c>wharf serve</c> with one line before anything starts. Does nothing without TLS.</summary>
    /// <exception cref="TlsCertificateException">The certificate cannot be served.</exception>
    public static void LoadCertificate(IServiceProvider services) => _ = services.GetService<ServerCertificateProvider>();

    private static void Check(bool tls, ListenUrls listen, bool kestrelEndpoints, bool kestrelCertificates)
    {
        string? failure = null;
        if (tls && kestrelCertificates)
        {
            // Kestrel would let Wharf's certificate win silently; say so instead.
            failure = "Tls and Kestrel's certificate settings both name a certificate for HTTPS: use one of them";
        }
        else if (tls && !listen.AnyHttps)
        {
            failure = $"Tls is set but no listener is https ({string.Join(", ", listen.All)}): give --listen without a scheme or with https://";
        }
        else if (!tls && !kestrelEndpoints && !kestrelCertificates && listen.AnyHttps)
        {
            failure = "an https:// listen address needs a certificate: --tls-cert and --tls-key, or --tls-self-signed";
        }

        if (failure is not null)
        {
            throw new OptionsValidationException(TlsOptions.Section, typeof(TlsOptions), [failure]);
        }
    }
}
