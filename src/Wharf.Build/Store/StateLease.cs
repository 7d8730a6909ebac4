using Microsoft.Win32.SafeHandles;

namespace Wharf.Build.Store;

/// <summary>Locks held on a builder's state directory (<see cref="StateLock"/>): released on disposal, when the object
/// is finalized, or when the process ends. Disposing twice is harmless.</summary>
internal sealed class StateLease(params SafeFileHandle[] handles) : IDisposable
{
    public void Dispose()
    {
        foreach (var handle in handles)
        {
            handle.Dispose();
        }
    }
}
