using System.Text;

namespace Wharf.Build.Dockerfile;

/// <summary>Splits one CSV record (the value of <c>--mount</c>): commas separate, double quotes protect, <c>""</c> is a quote.</summary>
internal static class CsvFields
{
    public static IReadOnlyList<string> Split(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var ch = record[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < record.Length && record[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        if (quoted)
        {
            throw new FormatException($"failed to parse csv mounts: unterminated quote in \"{record}\"");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
