using System.Net;
using Fleet.Domain.People;

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
}
