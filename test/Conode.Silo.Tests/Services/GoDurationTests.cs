using Conode.Silo.Services.Status;

namespace Conode.Silo.Tests.Services;

public sealed class GoDurationTests
{
    // Expected texts are what Go's time.Duration.String() prints for these values.
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(999L, "999ns")]
    [InlineData(1_000L, "1µs")]
    [InlineData(1_500L, "1.5µs")]
    [InlineData(1_000_000L, "1ms")]
    [InlineData(258_340_549L, "258.340549ms")]
    [InlineData(1_000_000_000L, "1s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(60_000_000_000L, "1m0s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(11_525_012_300_000L, "3h12m5.0123s")]
    [InlineData(-1_500_000_000L, "-1.5s")]
    [InlineData(90_000_000_001L, "1m30.000000001s")]
    public void Formats_like_go(long nanoseconds, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(nanoseconds));
    }

    [Fact]
    public void Timespan_ticks_are_100_nanoseconds()
    {
        Assert.Equal("1.5s", GoDuration.Format(TimeSpan.FromMilliseconds(1500)));
    }
}
