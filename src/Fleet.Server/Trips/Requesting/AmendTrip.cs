using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Approving;

namespace Fleet.Server.Trips.Requesting;

/// <summary>The requesting unit changes what it asked for; the policy answers the new request afresh.</summary>
public sealed record AmendTrip(Guid TripId, RequestTripForm Form) : Command<Trip>;

public static class AmendTripHandler
{
    public static async Task<Outcome<Trip>> Handle(AmendTrip command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var (policy, calendar, sealings) = await ApprovalPolicyInForce.ForTripAsync(session, command.Form, zone, cancellation);
        return await TripStream.DecideForUnitAsync(session, command.TripId, command.By,
            trip => TripRequesting.Amend(command.Form, trip, command.By.UserId, policy, calendar, zone, clock.GetCurrentInstant(), sealings), cancellation);
    }
}

public static class AmendTripEndpoint
{
    [LosesRaces]
    [WolverinePost("/api/trips/{id}/amend", OperationId = "AmendTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, RequestTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new AmendTrip(id, form), http);
}
