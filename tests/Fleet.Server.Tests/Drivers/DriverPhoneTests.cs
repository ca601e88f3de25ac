using System.Net;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.Drivers;

/// <summary>The fleet admin of the driver's pool changes the mobile number the driver is called on.</summary>
public class DriverPhoneTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jianghan;

    private async Task<Guid> RegisterDriver(string name)
    {
        var created = await app.PostAs(Pool, Role.FleetAdmin, "/api/drivers",
            new { name, licenceClasses = new[] { "C1" }, licenceNumber = "420103198001011234", licenceExpiresOn = "2031-05-01", mobile = "13800138000" },
            HttpStatusCode.Created);
        return created.GetProperty("driverId").GetGuid();
    }

    [Fact]
    public async Task The_admin_records_a_new_mobile_in_normal_form_and_everyone_reading_the_driver_sees_it()
    {
        var id = await RegisterDriver("周师傅");

        var changed = await app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{id}/phone", new { phone = "+86 139-0713-5566" });

        changed.GetProperty("mobile").GetString().Should().Be("13907135566");
        (await app.GetAs(Pool, Role.Dispatcher, $"/api/drivers/{id}")).GetProperty("mobile").GetString().Should().Be("13907135566");
        await using var session = app.Store.QuerySession(FleetApp.JianghanPool);
        var recorded = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<DriverPhoneRecorded>().Single();
        recorded.Phone.Should().Be("13907135566");
    }

    [Fact]
    public async Task A_landline_a_bad_number_and_the_same_number_are_refused_with_their_codes()
    {
        var id = await RegisterDriver("吴师傅");

        var landline = await app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{id}/phone", new { phone = "027-87654321" }, HttpStatusCode.BadRequest);
        landline.GetProperty("errors")[0].GetProperty("code").GetString().Should().Be("driver.phone_not_mobile");
        landline.GetProperty("errors")[0].GetProperty("message").GetString().Should().Contain("手机");

        var bad = await app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{id}/phone", new { phone = "1380013" }, HttpStatusCode.BadRequest);
        bad.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("phone");
        bad.GetProperty("errors")[0].GetProperty("message").GetString().Should().Contain("手机号码").And.Contain("1380013");

        (await app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{id}/phone", new { phone = "138 0013 8000" }, HttpStatusCode.Conflict))
            .Code().Should().Be("driver.phone_unchanged");
    }

    [Fact]
    public async Task Only_the_fleet_admin_of_the_drivers_pool_changes_the_number()
    {
        var id = await RegisterDriver("郑师傅");

        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/drivers/{id}/phone", new { phone = "13907135566" }, HttpStatusCode.NotFound))
            .Code().Should().Be("driver.not_found");
        await app.PostAs(Pool, Role.Clerk, $"/api/drivers/{id}/phone", new { phone = "13907135566" }, HttpStatusCode.Forbidden);
        await app.PostAs(Pool, Role.Dispatcher, $"/api/drivers/{id}/phone", new { phone = "13907135566" }, HttpStatusCode.Forbidden);

        (await app.GetAs(Pool, Role.Dispatcher, $"/api/drivers/{id}")).GetProperty("mobile").GetString().Should().Be("13800138000");
    }
}
