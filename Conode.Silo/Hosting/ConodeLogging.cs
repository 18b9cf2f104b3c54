using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Conode.Silo.Hosting;

/// <summary>
/// Maps the Go conode's <c>-d 0…5</c> onto logging levels: 0 shows information and above, 1–2 add our
/// debug lines (2 shows each client request), 3–5 add trace lines, and from 4 on Orleans' own chatter.
/// </summary>
public static class ConodeLogging
{
    public static void Configure(ILoggingBuilder logging, int debugLevel)
    {
        logging.ClearProviders();
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
        logging.SetMinimumLevel(OwnLevel(debugLevel));
        var frameworkLevel = debugLevel >= 4 ? LogLevel.Information : LogLevel.Warning;
        logging.AddFilter("Orleans", frameworkLevel);
        logging.AddFilter("Microsoft", frameworkLevel);
        logging.AddFilter("Polly", frameworkLevel);
        // Logged once at every start with the machine's uptime as the "delay": noise, not a fault.
        logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
    }

    public static LogLevel OwnLevel(int debugLevel) => debugLevel switch
    {
        <= 0 => LogLevel.Information,
        1 or 2 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };
}
