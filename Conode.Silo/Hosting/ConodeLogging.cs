using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Conode.Silo.Hosting;

/// <summary>How console log lines look.</summary>
public enum LogFormat
{
    /// <summary>One line of text per entry, Go's look.</summary>
    Text,

    /// <summary>One JSON object per line (timestamp, level, category, message, structured fields), for log shippers.</summary>
    Json,
}

/// <summary>
/// Maps the Go conode's <c>-d 0…5</c> onto logging levels: 0 shows information and above, 1–2 add our
/// debug lines (each client request, peer connections), 3 adds our trace lines, 4 Orleans' and ASP.NET's
/// information, 5 their debug lines too.
/// </summary>
public static class ConodeLogging
{
    /// <summary>Environment variable choosing <see cref="LogFormat"/>: <c>text</c> (default) or <c>json</c>.</summary>
    public const string FormatVariable = "CONODE_LOG_FORMAT";

    public static void Configure(ILoggingBuilder logging, int debugLevel, LogFormat format = LogFormat.Text)
    {
        logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = false;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = false;
                // Go prefixes times only with DEBUG_TIME=true; we keep the same switch.
                o.TimestampFormat = Environment.GetEnvironmentVariable("DEBUG_TIME") == "true" ? "yy/MM/dd HH:mm:ss.fff " : null;
                o.ColorBehavior = Environment.GetEnvironmentVariable("DEBUG_COLOR") == "true"
                    ? LoggerColorBehavior.Enabled
                    : LoggerColorBehavior.Disabled;
            });
        }
        logging.SetMinimumLevel(OwnLevel(debugLevel));
        var frameworkLevel = FrameworkLevel(debugLevel);
        logging.AddFilter("Orleans", frameworkLevel);
        logging.AddFilter("Microsoft", frameworkLevel);
        logging.AddFilter("Polly", frameworkLevel);
        // Logged once at every start with the machine's uptime as the "delay": noise, not a fault.
        logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
    }

    /// <summary>Lowest level of the conode's own categories shown at a <c>-d</c> level.</summary>
    public static LogLevel OwnLevel(int debugLevel) => debugLevel switch
    {
        <= 0 => LogLevel.Information,
        1 or 2 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    /// <summary>Lowest level of Orleans' and ASP.NET's categories shown at a <c>-d</c> level.</summary>
    public static LogLevel FrameworkLevel(int debugLevel) => debugLevel switch
    {
        <= 3 => LogLevel.Warning,
        4 => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    /// <summary>Reads <see cref="FormatVariable"/>: unset or empty is text; anything but <c>text</c>/<c>json</c> is refused.</summary>
    public static LogFormat ParseFormat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new FormatException($"{FormatVariable}=\"{value}\": expected \"text\" or \"json\""),
    };
}
