namespace Conode.Crypto.Bn256;

/// <summary>
/// Field operations shared by GF(p) and GF(p²), so that the Jacobian point arithmetic is written
/// once for G1 and the twist G2. Static abstract members on structs are specialised by the JIT.
/// </summary>
internal interface IField<T> where T : struct, IField<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    static abstract T Add(in T a, in T b);
    static abstract T Sub(in T a, in T b);
    static abstract T Dbl(in T a);
    static abstract T Neg(in T a);
    static abstract T Mul(in T a, in T b);
    static abstract T Sqr(in T a);
    static abstract T Invert(in T a);
    static abstract T InvertVartime(in T a);
    static abstract bool Equal(in T a, in T b);
    static abstract T Select(in T a, in T b, ulong mask);
    bool IsZero { get; }
}
