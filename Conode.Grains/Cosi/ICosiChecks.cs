using Conode.Cosi;
using Microsoft.Extensions.Logging;

namespace Conode.Grains.Cosi;

/// <summary>
/// The check functions a service gives a ByzCoinX protocol family (Go's verification and acknowledgement
/// functions): called on the leader before anyone is contacted, and on every subleader and leaf, in both rounds.
/// Registered with <see cref="CosiRegistration.AddCosiProtocol"/>.
/// </summary>
public interface ICosiChecks
{
    /// <summary>
    /// True when this node agrees to sign <paramref name="message"/> in <paramref name="phase"/>;
    /// <paramref name="data"/> is the leader's <see cref="ByzCoinXRequest.Data"/>. A throw counts as a refusal.
    /// </summary>
    Task<bool> CheckAsync(CosiPhase phase, byte[] message, byte[] data);
}

public static class CosiChecks
{
    /// <summary>Runs the check the way every cosigner must: a throw is logged and counts as a refusal.</summary>
    public static async Task<bool> AgreesAsync(this ICosiChecks checks, CosiPhase phase, byte[] message, byte[] data,
        ILogger logger, string instance)
    {
        try
        {
            return await checks.CheckAsync(phase, message, data);
        }
        catch (Exception e)
        {
            logger.LogWarning("{Instance}: the {Phase} check threw, which counts as a refusal: {Error}", instance, phase, e.Message);
            return false;
        }
    }
}
