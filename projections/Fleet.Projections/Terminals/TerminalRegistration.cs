using Fleet.Domain.Positions;
using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;

namespace Fleet.Projections.Terminals;

/// <summary>
/// Which car a terminal reports for: what the positions' intake looks a terminal up in. Kept inline, so that a terminal
/// reports for its car from the moment it is bound; one row per car carrying a terminal, and a unique index on the
/// number across every pool settles two admins binding one terminal to two cars at the same moment.
/// </summary>
public sealed record TerminalRegistration(Guid Id, string Terminal, string Pool, Instant BoundAt)
{
    public const string TerminalIndexName = "mt_doc_terminalregistration_uidx_terminal";
}

public sealed partial class TerminalRegistrationProjection : SingleStreamProjection<TerminalRegistration, Guid>
{
    public static TerminalRegistration Create(IEvent<TerminalBound> bound) =>
        new(bound.Data.VehicleId, bound.Data.Terminal, bound.TenantId, bound.Data.BoundAt);

    public static TerminalRegistration Apply(TerminalRegistration registration, IEvent<TerminalReplaced> replaced) =>
        registration with { Terminal = replaced.Data.NewTerminal, BoundAt = replaced.Data.ReplacedAt };

    /// <summary>Unbound, the terminal no longer reports for this car, and is free for another.</summary>
    public static bool ShouldDelete(TerminalUnbound e) => true;
}
