using System.Text;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Builds the blank-separated words of an expansion: literal blanks and blanks inside substituted values split
/// words; quoted text and escaped characters never do.
/// </summary>
internal sealed class WordCollector
{
    private readonly List<string> _words = [];
    private readonly StringBuilder _word = new();
    private bool _inWord;

    public void Add(char ch)
    {
        if (!char.IsWhiteSpace(ch))
        {
            AddRaw(ch.ToString());
        }
        else if (_inWord && _word.Length > 0)
        {
            _words.Add(_word.ToString());
            _word.Clear();
            _inWord = false;
        }
    }

    public void AddSplitting(string text)
    {
        foreach (var ch in text)
        {
            Add(ch);
        }
    }

    public void AddRaw(string text)
    {
        _word.Append(text);
        _inWord = true;
    }

    public List<string> Finish()
    {
        if (_word.Length > 0)
        {
            _words.Add(_word.ToString());
            _word.Clear();
        }

        return _words;
    }
}
