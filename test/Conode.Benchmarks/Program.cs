using BenchmarkDotNet.Running;
using Conode.Benchmarks;

// BenchmarkDotNet: pick benchmarks with --filter, e.g. --filter '*Bn256*'.
// --quick: minimum time per operation over many short batches, which stays meaningful on a shared,
// busy machine where BenchmarkDotNet's means mostly measure the neighbours. An optional third argument
// keeps only the benchmarks whose description contains it (e.g. --quick 4 pairing).
if (args.Length > 0 && args[0] == "--quick")
{
    QuickRun.Run<Bn256Benchmarks>(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1]) : 3), args.Length > 2 ? args[2] : "");
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
