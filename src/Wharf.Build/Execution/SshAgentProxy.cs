using System.Net.Sockets;
using Wharf.Build.Native;

namespace Wharf.Build.Execution;

/// <summary>A socket the builder owns that forwards every connection to an ssh agent's socket, for one RUN step's
/// <c>--mount=type=ssh</c>: the step gets the agent with the owner and mode its mount asks for (0600 root unless
/// <c>uid</c>, <c>gid</c>, <c>mode</c> say otherwise, as BuildKit's), which binding the agent's own socket (its
/// starter's) could not give. Bytes pass as they are. It lives in a short temporary directory: a socket's path is
/// limited to 107 bytes, and the build's state directory may be deep. Disposing stops it and removes the socket.</summary>
internal sealed class SshAgentProxy : IDisposable
{
    private readonly Socket _listener;
    private readonly string _agent;
    private readonly string _directory;
    private readonly CancellationTokenSource _stop = new();

    private SshAgentProxy(Socket listener, string agent, string directory)
    {
        _listener = listener;
        _agent = agent;
        _directory = directory;
        _ = AcceptAsync();
    }

    /// <summary>The proxy's socket, which the step's mount binds.</summary>
    public string Path => System.IO.Path.Combine(_directory, "agent");

    public static SshAgentProxy Start(string agentSocket, uint uid, uint gid, uint mode)
    {
        var directory = Directory.CreateTempSubdirectory("wharf-ssh-").FullName;
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            var path = System.IO.Path.Combine(directory, "agent");
            listener.Bind(new UnixDomainSocketEndPoint(path));
            LinuxFiles.Chmod(path, mode);
            LinuxFiles.Lchown(path, uid, gid);
            listener.Listen(16);
            return new SshAgentProxy(listener, agentSocket, directory);
        }
        catch
        {
            listener.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task AcceptAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stop);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = ForwardAsync(client, stop);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken stop)
    {
        using var agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await using var fromStep = new NetworkStream(client, ownsSocket: true);
            await agent.ConnectAsync(new UnixDomainSocketEndPoint(_agent), stop);
            await using var fromAgent = new NetworkStream(agent, ownsSocket: false);
            // Either side closing ends the conversation.
            await Task.WhenAny(fromStep.CopyToAsync(fromAgent, stop), fromAgent.CopyToAsync(fromStep, stop));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The step or the agent went away, or the step ended: nothing to forward any more.
        }
    }
}
