using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conode.Silo.Monitoring;

/// <summary>
/// The body of <c>/health</c>: <c>{"status":"healthy","checks":{"store":{"status":…,"description":…,
/// "durationMs":…,"data":{…}},…}}</c>. The HTTP status says the same: 200 healthy, 503 unhealthy.
/// </summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", Name(report.Status));
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", Name(entry.Status));
            json.WriteString("description", entry.Description);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            if (entry.Data.Count > 0)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    WriteValue(json, key, value);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();

    private static void WriteValue(Utf8JsonWriter json, string key, object value)
    {
        switch (value)
        {
            case int number:
                json.WriteNumber(key, number);
                break;
            case double number:
                json.WriteNumber(key, number);
                break;
            default:
                json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
