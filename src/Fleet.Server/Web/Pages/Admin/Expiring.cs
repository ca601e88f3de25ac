using Fleet.Domain.Organisations;
using Fleet.Projections.VehicleRegistry;
using DriverRecord = Fleet.Domain.Drivers.Driver;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// Papers that have ended or end within the coming month — a vehicle's inspection and insurance, a driver's licence —
/// which the fleet admin renews before dispatch has to refuse the car or the driver. Read in the database, soonest first.
/// </summary>
public static class Expiring
{
    public const int Days = 30;

    /// <summary>As many of each kind as the admin's home lists; the record pages show the rest.</summary>
    public const int Listed = 25;

    public sealed record Paper(string Kind, string Label, LocalDate Until, string Link);

    public static async Task<IReadOnlyList<Paper>> PapersAsync(IQuerySession session, LocalDate today, CancellationToken cancellation)
    {
        var horizon = today.PlusDays(Days);
        var open = new[] { Fleet.Domain.Vehicles.VehicleStatus.InService, Fleet.Domain.Vehicles.VehicleStatus.UnderMaintenance };
        var inspections = await session.Query<VehicleSummary>()
            .Where(v => open.Contains(v.Status) && v.InspectionValidUntil != null && v.InspectionValidUntil <= horizon)
            .OrderBy(v => v.InspectionValidUntil).Take(Listed).ToListAsync(cancellation);
        var insurances = await session.Query<VehicleSummary>()
            .Where(v => open.Contains(v.Status) && v.InsuranceValidUntil != null && v.InsuranceValidUntil <= horizon)
            .OrderBy(v => v.InsuranceValidUntil).Take(Listed).ToListAsync(cancellation);
        var licences = await session.Query<DriverRecord>()
            .Where(d => d.Status != Fleet.Domain.Drivers.DriverStatus.Left && d.LicenceExpiresOn <= horizon)
            .OrderBy(d => d.LicenceExpiresOn).Take(Listed).ToListAsync(cancellation);

        return
        [
            .. inspections.Select(v => new Paper("inspection", v.Plate, v.InspectionValidUntil!.Value, $"/admin/vehicles/{v.Id}")),
            .. insurances.Select(v => new Paper("insurance", v.Plate, v.InsuranceValidUntil!.Value, $"/admin/vehicles/{v.Id}")),
            .. licences.Select(d => new Paper("licence", d.Name, d.LicenceExpiresOn, $"/admin/drivers/{d.Id}")),
        ];
    }

    /// <summary>The city's other pools (the city's own and every district's), which a vehicle or driver can be handed to.</summary>
    public static async Task<IReadOnlyList<Organisation>> OtherPoolsAsync(IQuerySession session, string myPool, CancellationToken cancellation) =>
        await session.Query<Organisation>()
            .Where(o => o.InCity() && !o.Closed && (o.Kind == OrganisationKind.City || o.Kind == OrganisationKind.District) && o.Pool != myPool)
            .OrderBy(o => o.Code).ToListAsync(cancellation);
}
