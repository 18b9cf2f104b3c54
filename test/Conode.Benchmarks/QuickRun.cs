using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Conode.Benchmarks;

/// <summary>
/// Runs every [Benchmark] of a class in batches of about 2 ms for a fixed time and prints the fastest
/// batch's time per operation (after a warm-up that lets the JIT reach its optimised tier).
/// </summary>
internal static class QuickRun
{
    public static void Run<T>(TimeSpan perBenchmark, string descriptionFilter) where T : new()
    {
        var instance = new T();
        foreach (var setup in typeof(T).GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() != null))
        {
            setup.Invoke(instance, null);
        }
        Console.WriteLine("| operation | min per operation |");
        Console.WriteLine("| --- | ---: |");
        foreach (var method in typeof(T).GetMethods())
        {
            var attribute = method.GetCustomAttribute<BenchmarkAttribute>();
            var description = attribute?.Description ?? method.Name;
            if (attribute == null || !description.Contains(descriptionFilter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var call = Expression.Lambda<Action>(Expression.Call(Expression.Constant(instance), method)).Compile();
            var batch = 1;
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed < TimeSpan.FromMilliseconds(500))
            {
                var t = Time(call, batch);
                if (t < TimeSpan.FromMilliseconds(2))
                {
                    batch *= 2;
                }
            }
            var best = double.MaxValue;
            var total = Stopwatch.StartNew();
            while (total.Elapsed < perBenchmark)
            {
                best = Math.Min(best, Time(call, batch).TotalNanoseconds / batch);
            }
            Console.WriteLine($"| {description} | {Format(best)} |");
        }
    }

    private static TimeSpan Time(Action call, int count)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            call();
        }
        return sw.Elapsed;
    }

    private static string Format(double ns) =>
        ns >= 1e6 ? $"{ns / 1e6:F3} ms" : ns >= 1e3 ? $"{ns / 1e3:F1} µs" : $"{ns:F1} ns";
}
