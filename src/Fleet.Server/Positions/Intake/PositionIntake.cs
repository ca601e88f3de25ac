using Fleet.Domain.Positions;
using Fleet.Server.Positions.Reconciliation;
using Fleet.Server.Positions.Store;
using Fleet.Server.Positions.Terminals;

namespace Fleet.Server.Positions.Intake;

/// <summary>
/// Where decoded positions enter Fleet, whatever decoded them (the JT/T 808 gateway, an import): each is checked, given
/// the car its terminal is bound to now, and stored; one of a terminal no car carries is refused and logged, never
/// stored against any car.
/// </summary>
public interface IPositionIntake
{
    Task<IntakeReport> TakeAsync(IReadOnlyList<Position> positions, CancellationToken cancellation);
}

/// <summary>
/// What became of a batch: how many were stored, how many were kept already (a resent batch), and each refused one with
/// why. A gateway acknowledges a report to its terminal once it is stored, kept already, or refused for good.
/// </summary>
public sealed record IntakeReport(int Stored, int KeptAlready, IReadOnlyList<RefusedPosition> Refused);

public sealed record RefusedPosition(Position Position, PositionRefusal Reason);

public sealed class PositionIntake(IDocumentStore store, PositionWriter writer, PositionPartitions partitions, LateTracks late, IClock clock,
    ILogger<PositionIntake> logger) : IPositionIntake
{
    public async Task<IntakeReport> TakeAsync(IReadOnlyList<Position> positions, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var keptSince = partitions.KeptSince(now);
        var refused = new List<RefusedPosition>();
        var checkedOnes = new List<Position>(positions.Count);
        foreach (var position in positions)
        {
            if (PositionRules.Check(position, now, keptSince) is { } reason) refused.Add(new RefusedPosition(position, reason));
            else checkedOnes.Add(position);
        }

        var bound = await TerminalRegistry.FindEverywhereAsync(store, checkedOnes.Select(p => p.Terminal).Distinct().ToList(), logger, cancellation);
        var rows = new List<VehiclePosition>(checkedOnes.Count);
        foreach (var position in checkedOnes)
        {
            if (bound.TryGetValue(position.Terminal, out var registration)) rows.Add(new VehiclePosition(registration.Id, registration.Pool, position));
            else refused.Add(new RefusedPosition(position, PositionRefusal.UnknownTerminal));
        }

        foreach (var group in refused.GroupBy(r => (r.Position.Terminal, r.Reason)))
            logger.LogWarning("Refused {Count} position(s) of terminal {Terminal}: {Reason}", group.Count(), group.Key.Terminal, group.Key.Reason);

        var stored = await writer.WriteAsync(rows, cancellation);
        if (stored > 0) await late.RecheckAsync(rows, now, cancellation);
        return new IntakeReport(stored, rows.Count - stored, refused);
    }
}
