using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Marten;
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

/// <summary>What the sealing commands share: the pool's one stream of sealings, decided on under its version.</summary>
public static class PoolSealingStream
{
    public static LocalDate Today(IClock clock, DateTimeZone zone) => clock.GetCurrentInstant().InZone(zone).Date;

    public static async Task<Outcome<PoolSealings>> DecideAsync(IDocumentSession session, Func<HolidaySealings, Decision> decide,
        CancellationToken cancellation)
    {
        var decided = await StreamDecisions.DecideAsync(session, HolidaySealings.StreamId, HolidaySealings.None, decide, cancellation);
        return decided.Accepted ? PoolSealings.Of(decided.Value!) : Outcome<PoolSealings>.Refused(decided.Problems);
    }
}

public static class SealingsEndpoint
{
    [WolverineGet("/api/sealings", OperationId = "ListSealings"), Tags("Trips")]
    [EndpointSummary("The pool's holiday sealings, newest first")]
    public static async Task<PoolSealings> Get(IQuerySession session, CancellationToken cancellation) =>
        PoolSealings.Of(await CurrentAsync(session, cancellation));

    /// <summary>The pool's sealings, or none until its fleet admins declare one.</summary>
    public static async Task<HolidaySealings> CurrentAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<HolidaySealings>(HolidaySealings.StreamId, cancellation) ?? HolidaySealings.None;
}
