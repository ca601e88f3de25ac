using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Closing;

/// <summary>The requester rates the trip, once, before or after its record is closed.</summary>
public sealed record RateTrip(Guid TripId, RateTripForm Form) : Command<Trip>;

public static class RateTripHandler
{
    public static Task<Outcome<Trip>> Handle(RateTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideForUnitAsync(session, command.TripId, command.By,
            trip => TripClosing.Rate(trip, command.By.UserId, command.Form, clock.GetCurrentInstant()), cancellation);
}

public static class RateTripEndpoint
{
    [WolverinePost("/api/trips/{id}/rate", OperationId = "RateTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, RateTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RateTrip(id, form), http);
}
