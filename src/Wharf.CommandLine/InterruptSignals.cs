using System.Runtime.InteropServices;

namespace Wharf.CommandLine;

/// <summary>Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation, so a long command stops cleanly (its
/// staging removed, <c>wharf COMMAND: interrupted</c>, exit 130); a second one ends the process at once, as usual.
/// Program.cs leaves signals to each command (<c>serve</c>'s host handles its own).</summary>
public sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public InterruptSignals(CancellationToken ct)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) == 1)
        {
            context.Cancel = true;
            _cancel.Cancel();
        }
    }
}
