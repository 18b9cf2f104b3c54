using Conode.Cosi;
using Conode.Crypto.Bls;
using Conode.Grains.Cosi;
using Conode.Grains.Messaging;
using Conode.Grains.Skipchain;
using Conode.Overlay;
using Conode.Services.Skipchain;
using Conode.Silo.Gateway;
using Conode.Silo.Overlay;
using Conode.Silo.Services.Status;
using Microsoft.Extensions.DependencyInjection;

namespace Conode.Silo.Services.Skipchain;

public static class SkipchainHosting
{
    /// <summary>
    /// The Skipchain service (cothority-services.md §6): its client API, the raw ForwardSignature processor, its
    /// protocols (the four ByzCoinX families with their checks, the three propagations, scExtendRoster, scGetBlocks)
    /// and its Status section.
    /// </summary>
    public static IServiceCollection AddSkipchain(this IServiceCollection services)
    {
        services.AddSingleton<SkipBlockStore>();
        services.AddSingleton<SkipchainNetwork>();
        services.AddSingleton<FollowPolicy>();
        services.AddSingleton<ForwardLinkCreator>();
        services.AddSingleton<ProofOptimizer>();
        services.AddSingleton<SkipchainFollowing>();
        services.AddSingleton<IClientService, SkipchainService>();
        services.AddSingleton<IServiceMessageHandler, ForwardSignatureHandler>();
        services.AddSingleton<IStatusReporter, SkipblockStatus>();

        services.AddSingleton<NewBlockChecks>();
        services.AddSingleton<FollowBlockChecks>();
        foreach (var scheme in new[] { SignatureScheme.Bls, SignatureScheme.Bdn })
        {
            var (newBlock, followBlock) = SkipchainConstants.SignatureProtocols((uint)scheme)!.Value;
            services.AddCosiProtocol(new CosiProtocol(newBlock, scheme), sp => sp.GetRequiredService<NewBlockChecks>());
            services.AddCosiProtocol(new CosiProtocol(followBlock, scheme), sp => sp.GetRequiredService<FollowBlockChecks>());
        }

        services.AddSingleton<GenesisReceiver>();
        services.AddSingleton<ForwardLinkReceiver>();
        services.AddSingleton<ProofReceiver>();
        services.AddPropagation(SkipchainConstants.PropagateGenesisProtocol, sp => sp.GetRequiredService<GenesisReceiver>());
        services.AddPropagation(SkipchainConstants.PropagateForwardLinkProtocol, sp => sp.GetRequiredService<ForwardLinkReceiver>());
        services.AddPropagation(SkipchainConstants.PropagateProofProtocol, sp => sp.GetRequiredService<ProofReceiver>());
        services.AddSingleton(new ProtocolRoute(SkipchainConstants.GetBlocksProtocol, (factory, key) => factory.GetGrain<IGetBlocksGrain>(key)));
        services.AddSingleton(new ProtocolRoute(SkipchainConstants.ExtendRosterProtocol, (factory, key) => factory.GetGrain<IExtendRosterGrain>(key)));
        return services;
    }
}
