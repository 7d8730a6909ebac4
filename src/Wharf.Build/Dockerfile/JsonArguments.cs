using System.Text.Json;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// The exec form: a JSON array of strings. Anything that is not valid JSON falls back to the shell form, as docker
/// does; a valid JSON array holding something other than strings is an error.
/// </summary>
internal static class JsonArguments
{
    public static bool TryParse(string rest, out IReadOnlyList<string> arguments)
    {
        arguments = [];
        var text = rest.TrimStart();
        if (!text.StartsWith('['))
        {
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var values = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException("when using JSON array syntax, arrays must be comprised of strings only");
                }

                values.Add(element.GetString()!);
            }

            arguments = values;
            return true;
        }
    }
}
