using System.Reflection;
using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

/// <summary>An <see cref="IAccountStore"/> that forwards every call to a real one, except that once armed,
/// <see cref="IAccountStore.FindPrincipalAsync"/> holds each caller until <c>expected</c> of them are inside it at once
/// (or a few seconds have passed). Whether they all met says whether callers run side by side or one at a time,
/// without timing anything.</summary>
public class MeetingAccountStore : DispatchProxy
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private IAccountStore _inner = null!;
    private int _expected;
    private int _arrived;
    private volatile bool _gaveUp;
    private readonly TaskCompletionSource _met = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IAccountStore Store => (IAccountStore)(object)this;

    /// <summary>Whether the expected callers were all inside <see cref="IAccountStore.FindPrincipalAsync"/> together.</summary>
    public bool Met => _met.Task.IsCompletedSuccessfully && !_gaveUp;

    public static MeetingAccountStore Wrap(IAccountStore inner)
    {
        var proxy = (MeetingAccountStore)(object)Create<IAccountStore, MeetingAccountStore>();
        proxy._inner = inner;
        return proxy;
    }

    /// <summary>From now on, callers of FindPrincipalAsync wait for <paramref name="expected"/> of them.</summary>
    public void Arm(int expected) => _expected = expected;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IAccountStore.FindPrincipalAsync) && _expected > 0)
        {
            return MeetThenFindAsync((string)args![0]!, (TokenScope?)args[1], (CancellationToken)args[2]!);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private async Task<Principal?> MeetThenFindAsync(string name, TokenScope? scope, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _arrived) >= _expected)
        {
            _met.TrySetResult();
        }

        if (await Task.WhenAny(_met.Task, Task.Delay(Patience, ct)) != _met.Task)
        {
            _gaveUp = true; // one at a time: the others could not arrive while this one waited
        }

        return await _inner.FindPrincipalAsync(name, scope, ct);
    }
}
