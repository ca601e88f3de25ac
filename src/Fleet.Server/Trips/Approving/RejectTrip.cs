using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Approving;

/// <summary>The unit head turns a request of the unit down, saying why.</summary>
public sealed record RejectTrip(Guid TripId, RejectTripForm Form) : Command<Trip>;

public static class RejectTripHandler
{
    public static Task<Outcome<Trip>> Handle(RejectTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideForUnitAsync(session, command.TripId, command.By,
            trip => TripApproving.Reject(trip, command.By.UserId, command.Form, clock.GetCurrentInstant()), cancellation);
}

public static class RejectTripEndpoint
{
    [WolverinePost("/api/trips/{id}/reject", OperationId = "RejectTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Approver))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, RejectTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RejectTrip(id, form), http);
}
