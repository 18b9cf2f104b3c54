using System.Globalization;
using System.Text;

namespace Conode.Silo.Services.Status;

/// <summary>Formats a duration as Go's <c>time.Duration.String()</c> does (<c>258.340549ms</c>, <c>3h12m5.0123s</c>).</summary>
public static class GoDuration
{
    private const long Microsecond = 1_000;
    private const long Millisecond = 1_000_000;
    private const long Second = 1_000_000_000;

    public static string Format(TimeSpan duration) => Format(checked(duration.Ticks * 100));

    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }
        var negative = nanoseconds < 0;
        var u = negative ? (ulong)-nanoseconds : (ulong)nanoseconds;
        var text = new StringBuilder();
        if (u < Second)
        {
            // Below one second Go switches to the largest unit that keeps an integer part: ns, µs or ms.
            var (unit, precision) = u < Microsecond ? ("ns", 0) : u < Millisecond ? ("µs", 3) : ("ms", 6);
            text.Append(Number(u, precision)).Append(unit);
        }
        else
        {
            var seconds = u / Second;
            var fraction = u % Second;
            var minutes = seconds / 60;
            var hours = minutes / 60;
            if (hours > 0)
            {
                text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
            }
            if (minutes > 0)
            {
                text.Append((minutes % 60).ToString(CultureInfo.InvariantCulture)).Append('m');
            }
            text.Append(Number((seconds % 60) * Second + fraction, 9)).Append('s');
        }
        return negative ? "-" + text : text.ToString();
    }

    /// <summary>value / 10^precision with the fraction's trailing zeros (and a bare point) dropped.</summary>
    private static string Number(ulong value, int precision)
    {
        var scale = (ulong)Math.Pow(10, precision);
        var integer = (value / scale).ToString(CultureInfo.InvariantCulture);
        if (precision == 0 || value % scale == 0)
        {
            return integer;
        }
        var fraction = (value % scale).ToString(CultureInfo.InvariantCulture).PadLeft(precision, '0').TrimEnd('0');
        return integer + "." + fraction;
    }
}
