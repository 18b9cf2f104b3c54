using Conode.Numerics;

namespace Conode.Interfaces.Tests.Skipchain;

/// <summary>
/// Results of Go 1.19.8 linux/amd64 (with FMA) math.Log, math.Exp and math.Pow, as bit patterns. The port was also
/// compared with Go on about 18 million inputs (every integer up to 3·10⁶, random doubles, the level formulas) with
/// no difference; .NET's Math.Log differed on 2.5 % of them.
/// </summary>
public class GoMathTests
{
    private static ulong Bits(double x) => (ulong)BitConverter.DoubleToInt64Bits(x);

    [Theory]
    [InlineData(1, 0x0000000000000000)]
    [InlineData(2, 0x3fe62e42fefa39ef)]
    [InlineData(3, 0x3ff193ea7aad030a)]
    [InlineData(4, 0x3ff62e42fefa39ef)]
    [InlineData(8, 0x4000a2b23f3bab73)]
    [InlineData(10, 0x40026bb1bbb55516)]
    [InlineData(243, 0x4015f8e5195843cd)]
    [InlineData(59049, 0x4025f8e5195843cd)]
    [InlineData(1594323, 0x402c905d075924f1)]
    [InlineData(1000, 0x401ba18a998fffa0)]
    [InlineData(1e6, 0x402ba18a998fffa0)]
    [InlineData(1e9, 0x4034b927f32bffb8)]
    [InlineData(1e12, 0x403ba18a998fffa0)]
    [InlineData(0.7071067811865476, 0xbfd62e42fefa39ee)]
    [InlineData(0.5, 0xbfe62e42fefa39ef)]
    [InlineData(1.5, 0x3fd9f323ecbf984c)]
    [InlineData(123456.789, 0x40277281cad8a844)]
    [InlineData(1e-300, 0xc085963447f87fb5)]
    [InlineData(double.MaxValue, 0x40862e42fefa39ef)]
    [InlineData(6.02214076e23, 0x404b60a08fb35901)]
    [InlineData(5e-324, 0xc08628b76e3a7b61)] // subnormal: Go's assembly does not normalise, hence not ln x
    [InlineData(1e-310, 0xc08628ae3f3c2ff6)]
    public void LogMatchesGo(double x, ulong expected) => Assert.Equal(expected, Bits(GoMath.Log(x)));

    [Fact]
    public void LogSpecialCases()
    {
        Assert.Equal(double.NegativeInfinity, GoMath.Log(0));
        Assert.Equal(double.NegativeInfinity, GoMath.Log(-0.0));
        Assert.True(double.IsNaN(GoMath.Log(-1)));
        Assert.True(double.IsNaN(GoMath.Log(double.NaN)));
        Assert.Equal(double.PositiveInfinity, GoMath.Log(double.PositiveInfinity));
    }

    [Theory]
    [InlineData(0, 0x3ff0000000000000)]
    [InlineData(1, 0x4005bf0a8b145769)]
    [InlineData(-1, 0x3fd78b56362cef38)]
    [InlineData(0.5, 0x3ffa61298e1e069c)]
    [InlineData(2.772588722239781, 0x402fffffffffffff)] // e^(ln 16) = 15.999999999999998
    [InlineData(10, 0x40d5829dcf950560)]
    [InlineData(100, 0x48f3494a9b171bf5)]
    [InlineData(700, 0x7f0d945df4f8ec8e)]
    [InlineData(709.7, 0x7ff0000000000000)] // 2^1024 overflows before the mantissa can pull it back
    [InlineData(-700, 0x00d14f2b0fb9307f)]
    [InlineData(-740, 0x0000000000000055)]
    [InlineData(-745.1, 0x0000000000000001)]
    [InlineData(1e-10, 0x3ff000000006df38)]
    [InlineData(6.907755278982138, 0x408f400000000006)]
    [InlineData(27.725887222397812, 0x4270000000000000)]
    public void ExpMatchesGo(double x, ulong expected) => Assert.Equal(expected, Bits(GoMath.Exp(x)));

    [Fact]
    public void ExpSpecialCases()
    {
        Assert.Equal(0, GoMath.Exp(double.NegativeInfinity));
        Assert.Equal(0, GoMath.Exp(-1e300));
        Assert.Equal(double.PositiveInfinity, GoMath.Exp(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, GoMath.Exp(710));
        Assert.True(double.IsNaN(GoMath.Exp(double.NaN)));
    }

    [Theory]
    [InlineData(8, 0x3fffffffffffffff)] // 1.9999999999999998
    [InlineData(27, 0x4007ffffffffffff)]
    [InlineData(64, 0x400ffffffffffffe)]
    [InlineData(125, 0x4014000000000001)] // 5.000000000000001
    [InlineData(216, 0x4018000000000000)] // exactly 6
    [InlineData(343, 0x401c000000000001)]
    [InlineData(512, 0x401ffffffffffffe)]
    [InlineData(729, 0x4021ffffffffffff)]
    [InlineData(1000, 0x4023ffffffffffff)]
    [InlineData(50653, 0x40427fffffffffff)] // 37³: Go without FMA gets exactly 37 here
    public void CubeRootsOfCubesMatchGo(double n, ulong expected) => Assert.Equal(expected, Bits(GoMath.Pow(n, 1.0 / 3)));

    [Theory]
    [InlineData(2, 10, 0x4090000000000000)]
    [InlineData(10, -3, 0x3f50624dd2f1a9fc)]
    [InlineData(3, 2.5, 0x402f2d4a4563563f)]
    [InlineData(1.5, 100.25, 0x4398f9f20247e3a4)]
    [InlineData(7, 0.75, 0x401136cd2dd107aa)]
    [InlineData(2, -1074, 0x0000000000000001)]
    [InlineData(0.5, 2000, 0x0000000000000000)]
    [InlineData(9, 0.5, 0x4008000000000000)] // √ is exact
    [InlineData(1, 123.4, 0x3ff0000000000000)]
    [InlineData(42, 0, 0x3ff0000000000000)]
    public void PowMatchesGo(double x, double y, ulong expected) => Assert.Equal(expected, Bits(GoMath.Pow(x, y)));

    [Theory]
    [InlineData(0, 2)]
    [InlineData(-8, 1.0 / 3)]
    [InlineData(double.PositiveInfinity, 2)]
    [InlineData(2, double.NaN)]
    public void PowRefusesWhatItDoesNotImplement(double x, double y) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GoMath.Pow(x, y));

    [Theory]
    [InlineData(2.9, 2)]
    [InlineData(-2.9, -2)]
    [InlineData(double.NaN, long.MinValue)]
    [InlineData(double.PositiveInfinity, long.MinValue)] // .NET would saturate to long.MaxValue
    [InlineData(double.NegativeInfinity, long.MinValue)]
    [InlineData(1e19, long.MinValue)]
    [InlineData(-1e19, long.MinValue)]
    public void ConversionToIntegerIsGosOnAmd64(double x, long expected) => Assert.Equal(expected, GoMath.ToInt64(x));
}
