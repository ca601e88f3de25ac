using System.Net;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Marten;

namespace Fleet.Testing;

/// <summary>Cars and drivers ready to be dispatched, registered through the API as a pool's fleet admin would.</summary>
public static class TestFleet
{
    /// <summary>A car with inspection and insurance valid from <paramref name="papersFrom"/> to <paramref name="papersUntil"/>.</summary>
    public static async Task<Guid> RoadworthyVehicleAsync(this FleetApp app, string pool, string? plate = null, string @class = "Sedan", int seats = 5,
        string papersFrom = "2026-10-01", string papersUntil = "2027-09-30")
    {
        var vehicle = (await app.PostAs(pool, Role.FleetAdmin, "/api/vehicles",
                new { plate = plate ?? TestPlates.Next(), category = "GeneralOfficial", @class, seats, energyType = "Gasoline" }, HttpStatusCode.Created))
            .GetProperty("vehicleId").GetGuid();
        await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/inspection", new { inspectedOn = papersFrom, validUntil = papersUntil });
        await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/insurance",
            new { insurer = "平安", policyNumber = "P-1", validFrom = papersFrom, validUntil = papersUntil });
        return vehicle;
    }

    public static async Task<Guid> DriverAsync(this FleetApp app, string pool, string name, string licence = "C1", string licenceExpiresOn = "2030-01-01") =>
        (await app.PostAs(pool, Role.FleetAdmin, "/api/drivers",
            new { name, licenceClasses = new[] { licence }, licenceNumber = "420102198001011234", licenceExpiresOn }, HttpStatusCode.Created))
        .GetProperty("driverId").GetGuid();

    /// <summary>
    /// The registry record the pool's demo driver account drives as, so that the Driver role can accept, start and
    /// finish the trips dispatched to it. The first call in a database registers it as <paramref name="name"/> and links it.
    /// </summary>
    public static async Task<Guid> AccountDriverAsync(this FleetApp app, string pool, string name = "王建国", string licenceExpiresOn = "2035-01-01")
    {
        if (await app.LinkedAccountDriverAsync(pool) is { } linked) return linked;

        var account = (await app.GetAs(pool, Role.Driver, "/api/me")).GetProperty("userId").GetGuid();
        var driver = await app.DriverAsync(pool, name, licenceExpiresOn: licenceExpiresOn);
        await app.PostAs(pool, Role.FleetAdmin, $"/api/drivers/{driver}/account", new { userId = account });
        return driver;
    }

    /// <summary>The registry record linked to the pool's demo driver account, if any is yet.</summary>
    public static async Task<Guid?> LinkedAccountDriverAsync(this FleetApp app, string pool)
    {
        var account = (await app.GetAs(pool, Role.Driver, "/api/me")).GetProperty("userId").GetGuid();
        await using var session = app.Store.QuerySession(FleetApp.PoolCode(pool));
        var linked = await session.Query<Driver>().Where(d => d.UserId == account).Select(d => d.Id).ToListAsync();
        return linked.Count > 0 ? linked[0] : null;
    }
}
