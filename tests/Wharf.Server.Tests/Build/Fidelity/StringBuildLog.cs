using System.Text;
using Wharf.Build;

namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>A Wharf build's log, kept for the failure message of the case that ran it.</summary>
internal sealed class StringBuildLog : IBuildLog
{
    private readonly StringBuilder _text = new();

    public void Line(string text)
    {
        lock (_text)
        {
            _text.AppendLine(text);
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
