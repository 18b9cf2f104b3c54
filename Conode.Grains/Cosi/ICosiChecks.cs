using Conode.Cosi;

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
