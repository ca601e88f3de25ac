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
        var problems = new List<Problem>();
        var date = QueryCalendar.Day(day, "day", "board.day_invalid", problems) ?? now.InZone(zone).Date;
        if (problems.Count > 0) return FleetProblems.From(problems, text);

        var trips = await session.Query<Trip>().Where(t => t.Status.In(Open)).ToListAsync(cancellation);
        var vehicles = (await roster.ForAsync(session, cancellation)).Vehicles.Where(v => v.Status != VehicleStatus.Disposed).ToList();
        return TypedResults.Ok(DispatchBoardView.Compose(date, zone, now, trips, vehicles));
    }
}
