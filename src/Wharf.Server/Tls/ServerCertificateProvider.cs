using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Wharf.Server.Options;

namespace Wharf.Server.Tls;

/// <summary>The certificate every HTTPS handshake gets, swapped without a restart when the files change (decision 010).
/// Constructed once, when Kestrel is configured (or earlier by <see cref="TlsSetup.LoadCertificate"/>): with
/// <c>Tls:SelfSigned</c> it first makes the CA and server certificate; a pair that cannot be loaded then stops the
/// start. Afterwards <see cref="Refresh"/> (every <c>Tls:ReloadInterval</c>) loads a changed pair and keeps the current
/// one, with one warning, when the new files are not a usable pair yet: a renewal half written, a key not matching.</summary>
internal sealed partial class ServerCertificateProvider
{
    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly ILogger<ServerCertificateProvider> _logger;
    private ServerCertificate _current;

    // The fingerprint of the last pair refused, so one bad pair is one warning rather than one per check.
    private string? _refused;

    public ServerCertificateProvider(IOptions<TlsOptions> options, IOptions<StorageOptions> storage, ListenUrls listen, TimeProvider time, ILogger<ServerCertificateProvider> logger)
    {
        _logger = logger;
        var tls = options.Value;
        if (tls.SelfSigned)
        {
            var directory = Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "tls");
            Authority = new SelfSignedAuthority(directory, SelfSignedNames.For(tls.SelfSignedNames, listen), time);
            SelfSignedOutcome = Authority.Ensure();
            _certificatePath = Authority.CertificatePath;
            _keyPath = Authority.KeyPath;
        }
        else
        {
            _certificatePath = Path.GetFullPath(tls.CertificatePath!);
            _keyPath = Path.GetFullPath(tls.KeyPath!);
        }

        var (certificate, key) = PemCertificatePair.Read(_certificatePath, _keyPath);
        _current = PemCertificatePair.Load(certificate, key, _certificatePath);
        LogServing(_current);
    }

    /// <summary>Wharf's own CA with <c>Tls:SelfSigned</c>, else null.</summary>
    public SelfSignedAuthority? Authority { get; }

    /// <summary>What the start had to make with <c>Tls:SelfSigned</c>, else null.</summary>
    public SelfSignedOutcome? SelfSignedOutcome { get; }

    public ServerCertificate Current => Volatile.Read(ref _current);

    /// <summary>Points Kestrel's HTTPS defaults (every https:// listener without a certificate of its own) at
    /// <see cref="Current"/>, read at each handshake.</summary>
    public void ApplyTo(HttpsConnectionAdapterOptions https)
    {
        // Kestrel accepts an HTTPS listener only with a certificate or a selector; a selector it is, since a fixed
        // certificate could not change...
        https.ServerCertificateSelector = (_, _) => Current.Leaf;

        // ...and each handshake then gets the prebuilt context instead, which carries the file's intermediates (a
        // selected certificate would be sent alone, its chain rebuilt per handshake from the machine's store).
        https.OnAuthenticate = (_, ssl) =>
        {
            ssl.ServerCertificateSelectionCallback = null;
            ssl.ServerCertificateContext = Current.Context;
        };
    }

    /// <summary>Reissues a self-signed certificate that is due, then loads the files if they changed. Called from one
    /// loop only (<see cref="CertificateReloadService"/>); handshakes read <see cref="Current"/> meanwhile.</summary>
    public void Refresh()
    {
        if (Authority is not null && Authority.IsDue(Current.Leaf))
        {
            if (Authority.Ensure() == Tls.SelfSignedOutcome.CreatedAuthority)
            {
                LogNewAuthority(_logger, Authority.AuthorityCertificatePath);
            }
            else
            {
                LogReissued(_logger, Authority.CertificatePath);
            }
        }

        byte[] certificate, key;
        try
        {
            (certificate, key) = PemCertificatePair.Read(_certificatePath, _keyPath);
        }
        catch (TlsCertificateException e)
        {
            // A file missing for a moment (a renewal replacing it) or gone: keep serving what is loaded.
            Refuse(e.Message, e.Message); // the message stands for the state: one warning per distinct failure
            return;
        }

        var fingerprint = PemCertificatePair.Fingerprint(certificate, key);
        if (fingerprint == Current.Fingerprint || fingerprint == _refused)
        {
            return;
        }

        try
        {
            var loaded = PemCertificatePair.Load(certificate, key, _certificatePath);
            Volatile.Write(ref _current, loaded);
            _refused = null;
            LogReloaded(_logger, loaded.Leaf.Subject, loaded.Leaf.SerialNumber, loaded.NotAfter, _certificatePath);
        }
        catch (TlsCertificateException e)
        {
            Refuse(fingerprint, e.Message);
        }
    }

    private void Refuse(string what, string reason)
    {
        if (what != _refused)
        {
            _refused = what;
            LogKeptCurrent(_logger, reason, Current.Leaf.SerialNumber);
        }
    }

    private void LogServing(ServerCertificate certificate) =>
        LogServing(_logger, certificate.Leaf.Subject, certificate.Leaf.SerialNumber, certificate.NotAfter, _certificatePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving HTTPS with {Subject} (serial {Serial}, valid until {NotAfter:u}) from {Path}")]
    private static partial void LogServing(ILogger logger, string subject, string serial, DateTime notAfter, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded the TLS certificate: {Subject} (serial {Serial}, valid until {NotAfter:u}) from {Path}")]
    private static partial void LogReloaded(ILogger logger, string subject, string serial, DateTime notAfter, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The TLS certificate files changed but cannot be served yet ({Reason}); still serving serial {Serial}")]
    private static partial void LogKeptCurrent(ILogger logger, string reason, string serial);

    [LoggerMessage(Level = LogLevel.Information, Message = "The self-signed TLS certificate was near expiry: reissued {Path} from the same CA")]
    private static partial void LogReissued(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wharf's CA was near expiry: made a new one, {Path}, which every client must now trust")]
    private static partial void LogNewAuthority(ILogger logger, string path);
}
