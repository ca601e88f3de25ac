using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Sealing;

/// <summary>The pool's fleet admin seals the pool's cars at base over a holiday.</summary>
public sealed record SealCars(SealCarsForm Form) : Command<PoolSealings>;

public static class SealCarsHandler
{
    // Loaded for writing: two admins sealing the same days at once get a 409 for the second, never two sealings of a day.
    public static Task<Outcome<PoolSealings>> Handle(SealCars command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation) =>
        PoolSealingStream.DecideAsync(session, sealings => sealings.Declare(command.Form, Guid.CreateVersion7(), PoolSealingStream.Today(clock, zone),
            clock.GetCurrentInstant()), cancellation);
}

public static class SealCarsEndpoint
{
    [WolverinePost("/api/sealings", OperationId = "SealCars"), Tags("Trips")]
    [EndpointSummary("Seal the pool's cars at base over a holiday")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<PoolSealings>, ProblemHttpResult>> Post(SealCarsForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new SealCars(form), http);
}
