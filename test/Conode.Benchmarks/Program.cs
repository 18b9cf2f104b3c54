using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. --filter '*Bn256*' or '*Bls*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
