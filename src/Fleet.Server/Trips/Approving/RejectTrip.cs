using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Approving;

/// <summary>The approver of the step a request waits at turns it down, saying why.</summary>
public sealed record RejectTrip(Guid TripId, RejectTripForm Form) : Command<Trip>;

public static class RejectTripHandler
{
    public static Task<Outcome<Trip>> Handle(RejectTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideAsApproverAsync(session, command.TripId, command.By,
            (trip, office) => TripApproving.Reject(trip, command.By.UserId, command.Form, clock.GetCurrentInstant(), office), cancellation);
}

public static class RejectTripEndpoint
{
    [WolverinePost("/api/trips/{id}/reject", OperationId = "RejectTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Approver))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, RejectTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RejectTrip(id, form), http);
}
