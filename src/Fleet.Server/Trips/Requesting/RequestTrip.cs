using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Trips;
using Fleet.Server.Trips.Approving;
using Microsoft.AspNetCore.RateLimiting;

namespace Fleet.Server.Trips.Requesting;

/// <summary>A clerk asks for a vehicle for their unit; the approval policy answers at once.</summary>
public sealed record RequestTrip(RequestTripForm Form) : Command<TripRequestedResponse>;

public sealed record TripRequestedResponse(Guid TripId, TripStatus Status, int LevelsRequired, int PolicyVersion);

public static class RequestTripHandler
{
    public static async Task<Outcome<TripRequestedResponse>> Handle(RequestTrip command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var actor = command.By;
        var (policy, calendar, sealings) = await ApprovalPolicyInForce.ForTripAsync(session, command.Form, zone, cancellation);
        var tripId = Guid.CreateVersion7();
        var decision = TripRequesting.Request(command.Form, tripId, actor.OrganisationCode, actor.Pool, actor.UserId, policy, calendar, zone,
            clock.GetCurrentInstant(), sealings);
        if (!decision.IsAccepted) return Outcome<TripRequestedResponse>.Refused(decision.Problems);

        session.Events.StartStream<Trip>(tripId, decision.Events);
        var trip = decision.Events.Skip(1).Aggregate(Trip.From((TripRequested)decision.Events[0]), (state, e) => state.Evolve(e));
        return new TripRequestedResponse(tripId, trip.Status, trip.LevelsRequired, trip.PolicyVersion);
    }
}

public static class RequestTripEndpoint
{
    [LosesRaces]
    [WolverinePost("/api/trips", OperationId = "RequestTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk)), EnableRateLimiting(SecuritySetup.BookingRateLimit)]
    public static Task<Results<Created<TripRequestedResponse>, ProblemHttpResult>> Post(RequestTripForm form, HttpContext http, IMessageBus bus) =>
        bus.CreatedAsync(new RequestTrip(form), http, requested => $"/api/trips/{requested.TripId}");
}
