using System.Globalization;
using System.Text;

namespace Conode.Silo.Config;

/// <summary>
/// Writes TOML the way Go's BurntSushi/toml v0.3.1 encoder does, so files written by this conode are
/// byte-identical to the Go conode's: <c>Key = "value"</c>, two spaces of indentation per nesting level for keys
/// and for table headers below the top level, a blank line before each top-level table and between
/// <c>[[array]]</c> elements, and sub-tables after plain keys.
/// </summary>
internal sealed class GoTomlWriter
{
    private const string Indent = "  ";
    private readonly StringBuilder text = new();

    /// <summary><paramref name="depth"/> = number of key parts, as in the Go encoder (a top-level key has depth 1).</summary>
    public void KeyValue(int depth, string key, string value) =>
        Line(depth - 1, $"{Key(key)} = {Quote(value)}");

    public void Integer(int depth, string key, long value) =>
        Line(depth - 1, $"{Key(key)} = {value.ToString(CultureInfo.InvariantCulture)}");

    public void Comment(string comment) => text.Append("# ").Append(comment).Append('\n');

    /// <summary>A <c>[a.b]</c> header; <paramref name="path"/> has depth = number of parts.</summary>
    public void Table(params string[] path)
    {
        if (path.Length == 1)
        {
            BlankLineIfWritten();
        }
        Line(path.Length - 1, $"[{string.Join('.', path.Select(Key))}]");
    }

    /// <summary>A <c>[[name]]</c> element header, always preceded by a blank line unless it is the first output.</summary>
    public void ArrayTable(string name)
    {
        BlankLineIfWritten();
        Line(0, $"[[{Key(name)}]]");
    }

    public override string ToString() => text.ToString();

    private void BlankLineIfWritten()
    {
        if (text.Length > 0)
        {
            text.Append('\n');
        }
    }

    private void Line(int level, string content)
    {
        for (var i = 0; i < level; i++)
        {
            text.Append(Indent);
        }
        text.Append(content).Append('\n');
    }

    /// <summary>Bare key when it only has A-Z a-z 0-9 _ -, else quoted.</summary>
    private static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : Quote(key);

    private static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                // Go writes other control characters raw, producing TOML nobody can read back; escape them instead.
                case < ' ' or '\u007f':
                    sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
