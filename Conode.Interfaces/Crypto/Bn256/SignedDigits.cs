using System.Numerics;

namespace Conode.Crypto.Bn256;

/// <summary>Signed-digit recodings of public integers (exponents, BDN weights, Miller-loop constants).</summary>
internal static class SignedDigits
{
    /// <summary>
    /// Width-w non-adjacent form of k ≥ 0, least significant digit first: every non-zero digit is odd and
    /// in (−2^(w−1), 2^(w−1)), and any w consecutive digits hold at most one non-zero. Width 2 is the NAF.
    /// </summary>
    public static sbyte[] WidthNaf(BigInteger k, int width)
    {
        var digits = new List<sbyte>();
        var modulus = 1 << width;
        while (!k.IsZero)
        {
            var d = 0;
            if (!k.IsEven)
            {
                d = (int)(k & (modulus - 1));
                if (d >= modulus / 2)
                {
                    d -= modulus;
                }
                k -= d;
            }
            digits.Add((sbyte)d);
            k >>= 1;
        }
        return digits.ToArray();
    }
}
