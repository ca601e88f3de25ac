using Fleet.Domain.Notifications;
using Fleet.Domain.Organisations;
using Fleet.Projections.Compliance;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Time;
using DriverRecord = Fleet.Domain.Drivers.Driver;

namespace Fleet.Server.Notifications.Timers;

/// <summary>The day's notices of every pool: papers running out (to its fleet admins) and yesterday's compliance flags (to its supervisors).</summary>
public sealed record SendDailyNotices(LocalDate Day);

public static class SendDailyNoticesHandler
{
    /// <summary>Every pool's notices of the day; none when notifications are switched off (one queued before stays unsent).</summary>
    public static async Task Handle(SendDailyNotices message, IDocumentStore store, CityMap cities, NotificationStore notifications, NotificationDispatch dispatch, NotificationSettings settings, IClock clock,
        DateTimeZone zone, IMessageBus bus, CancellationToken cancellation)
    {
        if (!settings.Enabled) return;
        var now = clock.GetCurrentInstant();
        // Each city's pools from its own database; one city's database down holds back its notices only.
        await store.ForEachCityAsync(cities, async city =>
        {
            var pools = await city.Query<Organisation>().Where(o => o.InCity() && o.Code == o.Pool && !o.Closed).ToListAsync(cancellation);
            foreach (var pool in pools)
            {
                await using var session = store.LightweightSession(pool.Code);
                var outgoing = new Outgoing();
                await PapersAsync(session, dispatch, outgoing, pool.Code, message.Day, now, cancellation);
                await ComplianceAsync(session, dispatch, outgoing, pool, message.Day, zone, now, cancellation);
                await outgoing.QueueAsync(notifications, session, bus, now);
                await session.SaveChangesAsync(cancellation);
            }
        }, cancellation);
    }

    private static async Task PapersAsync(IDocumentSession session, NotificationDispatch dispatch, Outgoing outgoing, string pool, LocalDate day, Instant now,
        CancellationToken cancellation)
    {
        var horizon = day.PlusDays(PaperNotices.Steps[0]);
        var open = new[] { Fleet.Domain.Vehicles.VehicleStatus.InService, Fleet.Domain.Vehicles.VehicleStatus.UnderMaintenance };
        var vehicles = await session.Query<VehicleSummary>()
            .Where(v => open.Contains(v.Status) && ((v.InspectionValidUntil != null && v.InspectionValidUntil <= horizon) ||
                                                    (v.InsuranceValidUntil != null && v.InsuranceValidUntil <= horizon)))
            .ToListAsync(cancellation);
        var drivers = await session.Query<DriverRecord>()
            .Where(d => d.Status != Fleet.Domain.Drivers.DriverStatus.Left && d.LicenceExpiresOn <= horizon).ToListAsync(cancellation);

        var papers = vehicles.SelectMany(v => new[] { ("inspection", v.InspectionValidUntil), ("insurance", v.InsuranceValidUntil) }
                .Where(p => p.Item2 is { } until && until <= horizon)
                .Select(p => (v.Id, Name: v.Plate, Paper: p.Item1, Until: p.Item2!.Value, Link: $"/admin/vehicles/{v.Id}")))
            .Concat(drivers.Select(d => (d.Id, Name: d.Name, Paper: "licence", Until: d.LicenceExpiresOn, Link: $"/admin/drivers/{d.Id}")));

        foreach (var paper in papers)
        {
            if (PaperNotices.Step(day, paper.Until) is not { } step) continue;
            var source = $"papers|{paper.Id:N}|{paper.Paper}|{paper.Until:yyyy-MM-dd}|{step}";
            await dispatch.TellAsync(session, outgoing, source, PaperNotices.For(day, paper.Until, now), pool, null,
                new NotificationFacts(Plate: paper.Name, Paper: paper.Paper, Due: paper.Until), paper.Link, now, cancellation);
        }
    }

    private static async Task ComplianceAsync(IDocumentSession session, NotificationDispatch dispatch, Outgoing outgoing, Organisation pool, LocalDate day,
        DateTimeZone zone, Instant now, CancellationToken cancellation)
    {
        var yesterday = day.PlusDays(-1);
        var from = yesterday.AtStartOfDayInZone(zone).ToInstant();
        var until = day.AtStartOfDayInZone(zone).ToInstant();
        var flagged = await session.Query<FlaggedRecord>().CountAsync(r => r.At >= from && r.At < until && r.Kinds != 0, cancellation);
        if (flagged == 0) return;

        await dispatch.TellAsync(session, outgoing, $"compliance|{pool.Code}|{yesterday:yyyy-MM-dd}",
            new Notice(NotificationKind.ComplianceDigest, Audience.Supervisors, now, Urgent: false), pool.Code, null,
            new NotificationFacts(Unit: pool.Name, Count: flagged, Due: yesterday), "/reports/compliance", now, cancellation);
    }
}

/// <summary>
/// Sends the day's notices at <see cref="NotificationSettings.DailyAt"/>, local time, once a day on every node: the
/// notices' ids come from the day and the record, so the nodes' sends are one notice.
/// </summary>
public sealed class DailyNoticeClock(IClock clock, DateTimeZone zone, NotificationSettings settings, IServiceProvider services,
    ILogger<DailyNoticeClock> logger) : DailyClock(clock, zone, services, logger)
{
    protected override TimeSpan At => settings.DailyAt;

    protected override object MessageFor(LocalDate due) => new SendDailyNotices(due);
}
