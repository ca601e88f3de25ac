using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Sealing;

/// <summary>
/// One sealing of the pool's cars as the pages and the API show it: its days, why, and when lifted, from which day and why.
/// <see cref="LastDay"/> is the last day it held or holds; none when it was withdrawn before it started.
/// </summary>
public sealed record PoolSealing(Guid SealingId, LocalDate From, LocalDate To, string Reason, LocalDate? LastDay, LocalDate? LiftedFrom, string? LiftReason);

/// <summary>The pool's sealings, newest first.</summary>
public sealed record PoolSealings(IReadOnlyList<PoolSealing> Items)
{
    public static PoolSealings Of(HolidaySealings sealings) => new(
    [
        .. sealings.Periods.OrderByDescending(p => p.From).Select(p => sealings.LiftOf(p) is { } lift
            ? new PoolSealing(p.Id, p.From, p.To, p.Reason, sealings.LastDayOf(p), lift.From, lift.Reason)
            : new PoolSealing(p.Id, p.From, p.To, p.Reason, p.To, null, null)),
    ]);
}

/// <summary>The pool's fleet admin seals the pool's cars at base over a holiday.</summary>
public sealed record SealCars(SealCarsForm Form) : Command<PoolSealings>;

/// <summary>The pool's fleet admin ends a sealing from today on, or withdraws one not yet started.</summary>
public sealed record LiftSealing(Guid SealingId, LiftSealingForm Form) : Command<PoolSealings>;

public static class SealCarsHandler
{
    // Loaded for writing: two admins sealing the same days at once get a 409 for the second, never two sealings of a day.
    public static Task<Outcome<PoolSealings>> Handle(SealCars command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation) =>
        PoolSealingStream.DecideAsync(session, sealings => sealings.Declare(command.Form, Guid.CreateVersion7(), PoolSealingStream.Today(clock, zone),
            clock.GetCurrentInstant()), cancellation);
}

public static class LiftSealingHandler
{
    public static Task<Outcome<PoolSealings>> Handle(LiftSealing command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation) =>
        PoolSealingStream.DecideAsync(session, sealings => sealings.Lift(command.SealingId, command.Form, PoolSealingStream.Today(clock, zone),
            clock.GetCurrentInstant()), cancellation);
}

/// <summary>What the sealing commands share: the pool's one stream of sealings, decided on under its version.</summary>
public static class PoolSealingStream
{
    public static LocalDate Today(IClock clock, DateTimeZone zone) => clock.GetCurrentInstant().InZone(zone).Date;

    public static async Task<Outcome<PoolSealings>> DecideAsync(IDocumentSession session, Func<HolidaySealings, Decision> decide,
        CancellationToken cancellation)
    {
        var stream = await session.Events.FetchForWriting<HolidaySealings>(HolidaySealings.StreamId, cancellation);
        var current = stream.Aggregate ?? HolidaySealings.None;
        var decision = decide(current);
        if (!decision.IsAccepted) return Outcome<PoolSealings>.Refused(decision.Problems);

        stream.AppendMany(decision.Events);
        return PoolSealings.Of(decision.Events.Aggregate(current, (state, e) => state.Evolve(e)));
    }
}

public static class HolidaySealingEndpoints
{
    [WolverineGet("/api/sealings", OperationId = "ListSealings"), Tags("Trips")]
    [EndpointSummary("The pool's holiday sealings, newest first")]
    public static async Task<PoolSealings> Get(IQuerySession session, CancellationToken cancellation) =>
        PoolSealings.Of(await CurrentAsync(session, cancellation));

    /// <summary>The pool's sealings, or none until its fleet admins declare one.</summary>
    public static async Task<HolidaySealings> CurrentAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<HolidaySealings>(HolidaySealings.StreamId, cancellation) ?? HolidaySealings.None;

    [WolverinePost("/api/sealings", OperationId = "SealCars"), Tags("Trips")]
    [EndpointSummary("Seal the pool's cars at base over a holiday")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<PoolSealings>, ProblemHttpResult>> Post(SealCarsForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new SealCars(form), http);

    [WolverinePost("/api/sealings/{id}/lift", OperationId = "LiftSealing"), Tags("Trips")]
    [EndpointSummary("End a sealing from today on, or withdraw one not yet started")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<PoolSealings>, ProblemHttpResult>> Lift(Guid id, LiftSealingForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new LiftSealing(id, form), http);
}
