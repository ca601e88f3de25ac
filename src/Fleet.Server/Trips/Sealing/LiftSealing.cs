using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Sealing;

/// <summary>The pool's fleet admin ends a sealing from today on, or withdraws one not yet started.</summary>
public sealed record LiftSealing(Guid SealingId, LiftSealingForm Form) : Command<PoolSealings>;

public static class LiftSealingHandler
{
    public static Task<Outcome<PoolSealings>> Handle(LiftSealing command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation) =>
        PoolSealingStream.DecideAsync(session, sealings => sealings.Lift(command.SealingId, command.Form, PoolSealingStream.Today(clock, zone),
            clock.GetCurrentInstant()), cancellation);
}

public static class LiftSealingEndpoint
{
    [WolverinePost("/api/sealings/{id}/lift", OperationId = "LiftSealing"), Tags("Trips")]
    [EndpointSummary("End a sealing from today on, or withdraw one not yet started")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<PoolSealings>, ProblemHttpResult>> Lift(Guid id, LiftSealingForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new LiftSealing(id, form), http);
}
