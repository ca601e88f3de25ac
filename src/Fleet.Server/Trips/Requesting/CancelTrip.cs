using Fleet.Domain.People;
using Fleet.Domain.Trips;

namespace Fleet.Server.Trips.Requesting;

/// <summary>The requesting unit calls the trip off; a car and driver it held are free again.</summary>
public sealed record CancelTrip(Guid TripId, CancelTripForm Form) : Command<Trip>;

public static class CancelTripHandler
{
    public static Task<Outcome<Trip>> Handle(CancelTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideForUnitAsync(session, command.TripId, command.By,
            trip => TripCancelling.Cancel(trip, command.By.UserId, command.Form, clock.GetCurrentInstant()), cancellation);
}

public static class CancelTripEndpoint
{
    [LosesRaces]
    [WolverinePost("/api/trips/{id}/cancel", OperationId = "CancelTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, CancelTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new CancelTrip(id, form), http);
}
