namespace Conode.Silo.Cli;

/// <summary>A failure that ends the command with a message on stderr and an exit status (Go's log.Fatal).</summary>
internal sealed class CliExitException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// Questions and log lines of the command line, as onet's app.Input and log.Info/Error print them at <c>-d 0</c>:
/// raw text, info on stdout, errors on stderr.
/// </summary>
internal sealed class Terminal(TextReader stdin, TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    /// <summary>Prints an empty line, the question and <c> [default]: </c>; an empty answer selects the default.</summary>
    public string Ask(string defaultAnswer, string question)
    {
        Out.Write($"\n{question} [{defaultAnswer}]: ");
        Out.Flush();
        var line = stdin.ReadLine() ?? throw new CliExitException("Could not read input.");
        var answer = line.Trim();
        return answer.Length == 0 ? defaultAnswer : answer;
    }

    /// <summary>Yes/no with default yes (shown as <c>Yn</c>): anything not starting with y/Y means no.</summary>
    public bool AskYesNo(string question) => char.ToLowerInvariant(Ask("Yn", question)[0]) == 'y';

    // Go ends lines with "\n" on every OS.
    public void Info(string line = "") => Out.Write(line + "\n");

    public void Error(string line) => Err.Write(line + "\n");
}
