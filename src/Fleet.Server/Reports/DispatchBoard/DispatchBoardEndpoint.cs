using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.DispatchBoard;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Scheduling;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;

namespace Fleet.Server.Reports.DispatchBoard;

public static class DispatchBoardEndpoint
{
    private static readonly TripStatus[] Open =
        [TripStatus.Requested, TripStatus.Approved, TripStatus.Dispatched, TripStatus.Accepted, TripStatus.InProgress];

    /// <summary>The pool's board for a local day (<c>?day=2026-11-03</c>, today when left out).</summary>
    [WolverineGet("/api/dispatch-board", OperationId = "GetDispatchBoard"), Tags("Dispatch")]
    [Authorize(Roles = $"{nameof(Role.Dispatcher)},{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<DispatchBoardView>, ProblemHttpResult>> Get(string? day, IQuerySession session, PoolRoster roster, DateTimeZone zone, IClock clock,
        ProblemText text, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var date = now.InZone(zone).Date;
        if (!string.IsNullOrWhiteSpace(day))
        {
            var parsed = LocalDatePattern.Iso.Parse(day.Trim());
            if (!parsed.Success)
                return FleetProblems.From([Problem.Invalid("board.day_invalid", "day", "'{0}' is not a day: write it as 2026-11-03.",
                    day.Length > 20 ? day[..20] : day)], text);
            date = parsed.Value;
        }

        var trips = await session.Query<Trip>().Where(t => t.Status.In(Open)).ToListAsync(cancellation);
        var vehicles = (await roster.ForAsync(session, cancellation)).Vehicles.Where(v => v.Status != VehicleStatus.Disposed).ToList();
        return TypedResults.Ok(DispatchBoardView.Compose(date, zone, now, trips, vehicles));
    }
}
