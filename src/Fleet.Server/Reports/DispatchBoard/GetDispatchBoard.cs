using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.DispatchBoard;
using Fleet.Server.Scheduling;

namespace Fleet.Server.Reports.DispatchBoard;

/// <summary>The pool's board for a local day (today when left out): what waits, what is on the road, where every car is.</summary>
public sealed record GetDispatchBoard(string? Day = null) : Query<DispatchBoardView>;

public static class GetDispatchBoardHandler
{
    private static readonly TripStatus[] Open =
        [TripStatus.Requested, TripStatus.Approved, TripStatus.Dispatched, TripStatus.Accepted, TripStatus.InProgress];

    public static async Task<Outcome<DispatchBoardView>> Handle(GetDispatchBoard asked, IQuerySession session, PoolRoster roster, DateTimeZone zone,
        IClock clock, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var problems = new List<Problem>();
        var date = QueryCalendar.Day(asked.Day, "day", "board.day_invalid", problems) ?? now.InZone(zone).Date;
        if (problems.Count > 0) return Outcome<DispatchBoardView>.Refused(problems);

        var trips = await session.Query<Trip>().Where(t => t.Status.In(Open)).ToListAsync(cancellation);
        var vehicles = (await roster.ForAsync(session, now, cancellation)).Vehicles.Where(v => v.Status != VehicleStatus.Disposed).ToList();
        return DispatchBoardView.Compose(date, zone, now, trips, vehicles);
    }
}

public static class GetDispatchBoardEndpoint
{
    /// <summary><c>?day=2026-11-03</c>, today when left out.</summary>
    [WolverineGet("/api/dispatch-board", OperationId = "GetDispatchBoard"), Tags("Dispatch")]
    [Authorize(Roles = $"{nameof(Role.Dispatcher)},{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static Task<Results<Ok<DispatchBoardView>, ProblemHttpResult>> Get(string? day, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetDispatchBoard(day), http);
}
