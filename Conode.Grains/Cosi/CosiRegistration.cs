using Conode.Cosi;
using Conode.Network;
using Conode.Overlay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conode.Grains.Cosi;

/// <summary>A ByzCoinX protocol family with the check functions of the service that registered it.</summary>
public sealed record RegisteredCosiProtocol(CosiProtocol Protocol, Func<IServiceProvider, ICosiChecks> Checks);

public static class CosiRegistration
{
    /// <summary>
    /// Registers <paramref name="protocol"/> (Go's byzcoinx.InitBFTCoSiProtocol): its check functions, and the
    /// routes that bring its sub-protocol messages to <see cref="ISubCosiGrain"/>s.
    /// </summary>
    public static IServiceCollection AddCosiProtocol(this IServiceCollection services, CosiProtocol protocol,
        Func<IServiceProvider, ICosiChecks> checks)
    {
        services.AddSingleton(new RegisteredCosiProtocol(protocol, checks));
        foreach (var name in new[] { protocol.SubPrepareName, protocol.SubCommitName })
        {
            services.AddSingleton(new ProtocolRoute(name, (factory, key) => factory.GetGrain<ISubCosiGrain>(key)));
        }
        services.TryAddSingleton<CosiProtocolCatalog>();
        return services;
    }
}

/// <summary>Finds the protocol family, phase and check functions behind a sub-protocol's ProtocolID.</summary>
public sealed class CosiProtocolCatalog
{
    private readonly Dictionary<Uuid, (RegisteredCosiProtocol Registered, CosiPhase Phase)> _bySubProtocol = [];
    private readonly IServiceProvider _services;

    public CosiProtocolCatalog(IEnumerable<RegisteredCosiProtocol> registered, IServiceProvider services)
    {
        _services = services;
        foreach (var entry in registered)
        {
            _bySubProtocol[Protocols.Id(entry.Protocol.SubPrepareName)] = (entry, CosiPhase.Prepare);
            _bySubProtocol[Protocols.Id(entry.Protocol.SubCommitName)] = (entry, CosiPhase.Commit);
        }
    }

    /// <summary>The family, phase and checks of sub-protocol <paramref name="protocolId"/>, or null if none is registered.</summary>
    public (CosiProtocol Protocol, CosiPhase Phase, ICosiChecks Checks)? FindSubProtocol(Uuid protocolId) =>
        _bySubProtocol.TryGetValue(protocolId, out var found)
            ? (found.Registered.Protocol, found.Phase, found.Registered.Checks(_services))
            : null;

    /// <summary>The checks of family <paramref name="name"/>, which the leader runs first.</summary>
    public (CosiProtocol Protocol, ICosiChecks Checks)? Find(string name)
    {
        foreach (var (registered, _) in _bySubProtocol.Values)
        {
            if (registered.Protocol.Name == name)
            {
                return (registered.Protocol, registered.Checks(_services));
            }
        }
        return null;
    }
}
