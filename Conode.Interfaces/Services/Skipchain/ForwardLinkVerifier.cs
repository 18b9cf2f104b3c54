using System.Diagnostics.CodeAnalysis;
using Conode.Crypto.Bls;
using Conode.Crypto.Bn256;
using Conode.Network;

namespace Conode.Services.Skipchain;

/// <summary>
/// Checks of forward-link signatures (cothority-services.md §6.3): Go's ForwardLink.VerifyWithScheme and
/// SkipBlock.VerifyForwardSignatures. Results are null when valid, else an error text worded like Go's.
/// </summary>
public static class ForwardLinkVerifier
{
    /// <summary>
    /// Verifies <paramref name="link"/> as a link leaving <paramref name="from"/>: its Msg must be the link hash
    /// recomputed from From, To and the carried NewRoster ID; the signature must verify with the Skipchain service
    /// keys of from's roster, in roster order, under from's scheme (0 = BLS, 1 = BDN), signed by at least
    /// n − ⌊(n − 1)/3⌋ members. Like Go, it does not check that link.From is from's hash.
    /// </summary>
    public static string? Verify(ForwardLink link, SkipBlock from)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(from);
        if (from.Roster is null)
        {
            return "Missing roster in the block";
        }
        return TryGetSkipchainPublicKeys(from.Roster, out var publics, out var error)
            ? Verify(link, publics, from.SignatureScheme)
            : error;
    }

    /// <summary>
    /// Go's VerifyForwardSignatures: the block's hash must be the recomputed one (the keys come from the block), it
    /// must have a roster, and every forward link other than a placeholder must verify (<see cref="Verify"/>).
    /// </summary>
    public static string? VerifyForwardSignatures(SkipBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        try
        {
            if (!SkipBlockHashing.ComputeHash(block).AsSpan().SequenceEqual(block.Hash))
            {
                return "Calculated hash does not match";
            }
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        if (block.Roster is null)
        {
            return "Missing roster in the block";
        }
        if (!TryGetSkipchainPublicKeys(block.Roster, out var publics, out var keyError))
        {
            return keyError;
        }
        foreach (var link in block.ForwardLinks.Where(l => !l.IsEmpty))
        {
            if (Verify(link, publics, block.SignatureScheme) is { } error)
            {
                return "Wrong signature in forward-link: " + error;
            }
        }
        return null;
    }

    /// <summary>
    /// The member's <c>Skipchain</c> service key (a bn256 G2 point), or null when it has none or it is not a valid G2
    /// point. Go falls back to the Ed25519 identity key, which can never verify a BLS signature.
    /// </summary>
    public static G2Point? SkipchainPublicKey(ServerIdentity member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.ServicePublicKey(SkipchainConstants.ServiceName);
    }

    /// <summary>Go's Roster.ServicePublics("Skipchain"): every member's key in roster order, or an error naming the first member without one.</summary>
    public static bool TryGetSkipchainPublicKeys(Roster roster, [NotNullWhen(true)] out G2Point[]? publics, out string error)
    {
        ArgumentNullException.ThrowIfNull(roster);
        publics = new G2Point[roster.List.Count];
        for (var i = 0; i < publics.Length; i++)
        {
            if (SkipchainPublicKey(roster.List[i]) is not { } key)
            {
                publics = null;
                error = $"roster member {roster.List[i].Address} has no {SkipchainConstants.ServiceName} service key";
                return false;
            }
            publics[i] = key;
        }
        error = "";
        return true;
    }

    private static string? Verify(ForwardLink link, G2Point[] publics, uint scheme)
    {
        if (!link.Signature.Msg.AsSpan().SequenceEqual(SkipBlockHashing.LinkHash(link)))
        {
            return "wrong hash of forward link";
        }
        if (scheme > (uint)SignatureScheme.Bdn)
        {
            return "unknown signature scheme";
        }
        return CosiSignature.Verify((SignatureScheme)scheme, publics, link.Signature.Msg, link.Signature.Sig, out var error)
            ? null
            : error;
    }
}
