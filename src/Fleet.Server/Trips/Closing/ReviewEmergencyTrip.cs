using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Closing;

/// <summary>The unit head reviews, afterwards, an emergency trip of the unit that went ahead without their approval.</summary>
public sealed record ReviewEmergencyTrip(Guid TripId, ReviewEmergencyTripForm Form) : Command<Trip>;

public static class ReviewEmergencyTripHandler
{
    public static Task<Outcome<Trip>> Handle(ReviewEmergencyTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideForUnitAsync(session, command.TripId, command.By,
            trip => EmergencyReviewing.Review(trip, command.By.UserId, command.Form, clock.GetCurrentInstant()), cancellation);
}

public static class ReviewEmergencyTripEndpoint
{
    [WolverinePost("/api/trips/{id}/review", OperationId = "ReviewEmergencyTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Approver))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, ReviewEmergencyTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReviewEmergencyTrip(id, form), http);
}
