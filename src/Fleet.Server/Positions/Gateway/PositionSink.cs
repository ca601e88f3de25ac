using Fleet.Domain.Positions;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Session;
using Fleet.Server.Positions.Intake;

namespace Fleet.Server.Positions.Gateway;

/// <summary>
/// Decoded reports into the intake, in the protocol's own units. The gateway acknowledges a report once this returns:
/// stored, kept already, or refused for good (a position the intake will never keep is not worth sending again). The
/// reports of all connections go through <see cref="PositionBatches"/>, written together.
/// </summary>
public sealed class PositionSink(PositionBatches batches, IClock clock) : IPositionSink
{
    public async Task AcceptAsync(string phone, IReadOnlyList<Jt808Position> positions, CancellationToken cancellationToken)
    {
        var terminal = TerminalNumber.Normalize(phone) ?? phone;
        var now = clock.GetCurrentInstant();
        await batches.TakeAsync(positions.Select(p => new Position(terminal, p.Time, now, p.LatitudeMicrodegrees, p.LongitudeMicrodegrees, p.AltitudeMetres,
            p.SpeedTenthsKmh, p.Direction, p.Alarm, p.Status, p.MileageTenthsKm, p.FuelTenthsLitre)).ToList(), cancellationToken);
    }
}
