using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Closing;

/// <summary>The requester confirms the record of a finished trip, which closes it, rating the trip in the same step if they wish.</summary>
public sealed record ConfirmTrip(Guid TripId, ConfirmTripForm Form) : Command<Trip>;

public static class ConfirmTripHandler
{
    public static Task<Outcome<Trip>> Handle(ConfirmTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideForUnitAsync(session, command.TripId, command.By,
            trip => TripClosing.Confirm(trip, command.By.UserId, command.Form, clock.GetCurrentInstant()), cancellation);
}

public static class ConfirmTripEndpoint
{
    [WolverinePost("/api/trips/{id}/confirm", OperationId = "ConfirmTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, ConfirmTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ConfirmTrip(id, form), http);
}
