using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Security;

/// <summary>
/// What the server decides — a record's id, status, pool, version, who asked, what was approved — cannot be set by
/// adding it to a form: such fields are ignored, and a field a form does have but the role may not use (another pool)
/// is refused.
/// </summary>
public class OverPostingTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly Guid Chosen = Guid.Parse("01900000-0000-7000-8000-0000000000ff");

    /// <summary>The form as the page sends it, with the server's own fields added.</summary>
    private static JsonObject WithUnasked(object form)
    {
        var body = JsonSerializer.SerializeToNode(form)!.AsObject();
        body["id"] = Chosen;
        body["tripId"] = Chosen;
        body["vehicleId"] ??= Chosen;
        body["status"] = "closed";
        body["pool"] ??= FleetApp.JianghanPool;
        body["homePool"] = FleetApp.JianghanPool;
        body["tenantId"] = FleetApp.JianghanPool;
        body["version"] = 99;
        body["requestedBy"] = Chosen;
        body["approvals"] = new JsonArray(JsonValue.Create(Chosen));
        body["levelsRequired"] = 0;
        body["odometer"] = new JsonObject { ["metres"] = 99_000_000 };
        body["active"] = false;
        return body;
    }

    [Fact]
    public async Task A_trip_request_keeps_its_own_id_status_pool_and_requester()
    {
        var me = await app.GetAs(Pool, Role.Clerk, "/api/me");
        var form = WithUnasked(new TripBuilder().For("越权字段").Between("2026-12-08T09:00:00+08:00", "2026-12-08T11:00:00+08:00").OutOfTheRegion().Body);
        var created = await app.PostAs(Pool, Role.Clerk, "/api/trips", form, HttpStatusCode.Created);
        var id = created.GetProperty("tripId").GetGuid();

        id.Should().NotBe(Chosen);
        var trip = await app.GetAs(Pool, Role.Clerk, $"/api/trips/{id}");
        trip.GetProperty("status").GetString().Should().Be("requested", "a trip out of the region waits for two approvals");
        trip.GetProperty("pool").GetString().Should().Be(FleetApp.JianganPool);
        trip.GetProperty("requestedBy").GetGuid().Should().Be(me.GetProperty("userId").GetGuid());
        trip.GetProperty("approvals").GetArrayLength().Should().Be(0);
        await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, $"/api/trips/{id}", HttpStatusCode.NotFound);

        var approved = await app.PostAs(Pool, Role.Approver, $"/api/trips/{id}/approve", WithUnasked(new { }), HttpStatusCode.OK);
        (approved.GetProperty("status").GetString(), approved.GetProperty("approvals").GetArrayLength()).Should().Be(("requested", 1));
        approved.GetProperty("approvals").EnumerateArray().Select(a => a.GetGuid()).Should().NotContain(Chosen);
    }

    [Fact]
    public async Task A_car_keeps_its_own_id_pool_status_and_odometer()
    {
        var form = WithUnasked(new { plate = TestPlates.Next('P'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" });
        form.Remove("vehicleId");
        // The form's own pool field (homePool) is another matter: naming another pool is refused, as below for a driver.
        form.Remove("pool");
        form.Remove("homePool");
        var id = (await app.PostAs(Pool, Role.FleetAdmin, "/api/vehicles", form, HttpStatusCode.Created)).GetProperty("vehicleId").GetGuid();

        id.Should().NotBe(Chosen);
        var car = await app.GetAs(Pool, Role.FleetAdmin, $"/api/vehicles/{id}");
        (car.GetProperty("homePool").GetString(), car.GetProperty("status").GetString(), car.GetProperty("odometerKm").GetDecimal())
            .Should().Be((FleetApp.JianganPool, "inService", 0m));
    }

    [Fact]
    public async Task An_account_is_active_in_its_own_pool_and_a_driver_of_another_pool_is_refused()
    {
        var user = (await app.PostAs(Pool, Role.FleetAdmin, "/api/users",
                WithUnasked(new { loginName = "over.posting", displayName = "越权", organisationCode = "JA0001", roles = new[] { "Clerk" }, password = "over-posting-pw" }),
                HttpStatusCode.Created))
            .GetProperty("userId").GetGuid();
        var account = await app.GetAs(Pool, Role.FleetAdmin, $"/api/users/{user}");
        (account.GetProperty("pool").GetString(), account.GetProperty("active").GetBoolean()).Should().Be((FleetApp.JianganPool, true));

        // The driver form names its pool; a fleet admin may name only their own.
        var refused = await app.PostAs(Pool, Role.FleetAdmin, "/api/drivers",
            WithUnasked(new { name = "越权司机", pool = FleetApp.JianghanPool, licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234", licenceExpiresOn = "2030-01-01" }),
            HttpStatusCode.Forbidden);
        refused.Code().Should().Be("auth.out_of_scope");
    }
}
