using Fleet.Domain.Calendar;
using Fleet.Domain.Common;
using Fleet.Domain.Trips;
using Fleet.Projections.Calendar;
using Fleet.Projections.Trips;

namespace Fleet.Server.Trips.Approving;

/// <summary>The pool's approval policy in force: data its fleet admins change, one version at a time.</summary>
public static class ApprovalPolicyInForce
{
    [WolverineGet("/api/approval-policy", OperationId = "GetApprovalPolicy"), Tags("Trips")]
    public static async Task<ApprovalPolicy> Get(IQuerySession session, CancellationToken cancellation) => await CurrentAsync(session, cancellation);

    /// <summary>The pool's policy in force, or the default until its fleet admins set one.</summary>
    public static async Task<ApprovalPolicy> CurrentAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<CurrentApprovalPolicy>(CurrentApprovalPolicy.StreamId, cancellation) is { } current
            ? current.ToPolicy()
            : ApprovalPolicy.Default;

    /// <summary>
    /// What the policy needs to answer a trip request: the pool's policy in force, the city's calendar of the years the
    /// trip's days fall in and the pool's holiday sealings, read in one round trip. A moment outside the kept years is left
    /// for the form's check to refuse.
    /// </summary>
    public static async Task<(ApprovalPolicy Policy, WorkingCalendar Calendar, HolidaySealings Sealings)> ForTripAsync(IQuerySession session,
        RequestTripForm form, DateTimeZone zone, CancellationToken cancellation)
    {
        // Only moments of the kept years are taken to the zone: one at NodaTime's very edge has no local time in every zone.
        var years = new[] { form.Start, form.End }.OfType<Instant>().Where(moment => FleetCalendar.Holds(moment.InUtc().Year))
            .Select(moment => moment.InZone(zone).Year).Where(FleetCalendar.Holds).Distinct().Select(PublishedCalendarYear.StreamIdOf).ToArray();
        var batch = session.CreateBatchQuery();
        var policy = batch.Load<CurrentApprovalPolicy>(CurrentApprovalPolicy.StreamId);
        var calendar = batch.Query<PublishedCalendarYear>().Where(y => y.InCity() && y.Id.IsOneOf(years)).ToList();
        var sealings = batch.Load<HolidaySealings>(HolidaySealings.StreamId);
        await batch.Execute(cancellation);
        return ((await policy)?.ToPolicy() ?? ApprovalPolicy.Default, new WorkingCalendar((await calendar).Select(y => y.ToYear())),
            await sealings ?? HolidaySealings.None);
    }
}
