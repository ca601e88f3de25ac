using Fleet.Server.Integrity;
using Fleet.Server.Drivers;
using Fleet.Server.Exchange;
using Fleet.Server.Infrastructure;
using Fleet.Server.Organisations;
using Fleet.Server.People;
using Fleet.Server.Positions;
using Fleet.Server.Reports;
using Fleet.Server.Scheduling;
using Fleet.Server.Setup;
using Fleet.Server.Trips;
using Fleet.Server.Vehicles;
using Fleet.Server.Web;

namespace Fleet.Server.Hosting;

/// <summary>What Fleet is made of. A new capability is one more line here.</summary>
public static class FleetModules
{
    /// <summary>
    /// Fleet's modules with <paramref name="extra"/> ones a host adds (the demo city's host adds its generator), before
    /// the integrity module, which must stay last.
    /// </summary>
    public static IReadOnlyList<IFleetModule> With(IReadOnlyList<IFleetModule> extra) =>
        extra.Count == 0 ? All : [.. All.Take(All.Count - 1), .. extra, All[^1]];

    public static readonly IReadOnlyList<IFleetModule> All =
    [
        new OrganisationsModule(),
        new PeopleModule(),
        new VehiclesModule(),
        new DriversModule(),
        new SchedulingModule(),
        new TripsModule(),
        new ReportsModule(),
        new SetupModule(),
        new WebModule(),
        new ExchangeModule(),
        new Notifications.NotificationsModule(),
        new PositionsModule(),
        new Calendar.CalendarModule(),
        new Settlement.SettlementModule(),
        new Records.RecordsModule(),
        // Last, so that its listener seals what every other part of the store has written.
        new IntegrityModule(),
    ];
}
