using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.Drivers;

public class DriverTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jianghan;

    private async Task<Guid> RegisterDriver(string name = "王师傅", string expires = "2030-05-01", params string[] classes)
    {
        var created = await app.PostAs(Pool, Role.FleetAdmin, "/api/drivers",
            new
            {
                name, licenceClasses = classes.Length == 0 ? ["B1"] : classes, licenceNumber = "420102198001011234",
                licenceExpiresOn = expires, mobile = "13800138000",
            }, HttpStatusCode.Created);
        return created.GetProperty("driverId").GetGuid();
    }

    private Task<JsonElement> Post(Guid driver, string action, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{driver}/{action}", body, expected);

    [Fact]
    public async Task A_driver_is_registered_into_the_admins_pool_with_their_licence()
    {
        var id = await RegisterDriver("李师傅", "2031-01-31", "C1", "B1");

        var driver = await app.GetAs(Pool, Role.Dispatcher, $"/api/drivers/{id}");
        driver.GetProperty("pool").GetString().Should().Be(FleetApp.JianghanPool);
        driver.GetProperty("licenceClasses").EnumerateArray().Select(c => c.GetString()).Should().BeEquivalentTo("c1", "b1");
        driver.GetProperty("licenceExpiresOn").GetString().Should().Be("2031-01-31");
        driver.GetProperty("status").GetString().Should().Be("active");

        (await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, $"/api/drivers/{id}", HttpStatusCode.NotFound)).Code().Should().Be("driver.not_found");
        (await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/drivers/{id}")).GetProperty("name").GetString().Should().Be("李师傅");
        (await app.GetAs(FleetApp.City, Role.Supervisor, "/api/drivers?q=李师傅")).GetProperty("items").EnumerateArray()
            .Should().Contain(d => d.GetProperty("id").GetGuid() == id, "the city's search finds the district's driver");
    }

    [Fact]
    public async Task An_invalid_registration_names_every_bad_field_and_an_expired_licence_is_refused()
    {
        var problem = await app.PostAs(Pool, Role.FleetAdmin, "/api/drivers",
            new { name = "", licenceClasses = new[] { "Z9" }, licenceNumber = "12", licenceExpiresOn = "someday", mobile = "123" },
            HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString())
            .Should().BeEquivalentTo("name", "licenceClasses", "licenceNumber", "licenceExpiresOn", "mobile");

        var expired = await app.PostAs(Pool, Role.FleetAdmin, "/api/drivers",
            new { name = "过期", licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234", licenceExpiresOn = "2026-01-01" },
            HttpStatusCode.BadRequest);
        expired.Code().Should().Be("driver.licence_expired");

        (await app.PostAs(Pool, Role.FleetAdmin, "/api/drivers",
            new { name = "越界", pool = FleetApp.JianganPool, licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234", licenceExpiresOn = "2030-01-01" },
            HttpStatusCode.Forbidden)).Code().Should().Be("auth.out_of_scope");
    }

    [Fact]
    public async Task Leave_is_scheduled_without_overlap_and_can_be_cancelled()
    {
        var id = await RegisterDriver();

        var scheduled = await Post(id, "leave", new { start = "2026-11-16T00:00:00Z", end = "2026-11-20T00:00:00Z", kind = "年休假" }, HttpStatusCode.Created);
        var leaveId = scheduled.GetProperty("leaveId").GetGuid();

        (await Post(id, "leave", new { start = "2026-11-19T00:00:00Z", end = "2026-11-21T00:00:00Z", kind = "Sick" }, HttpStatusCode.Conflict)).Code()
            .Should().Be("driver.leave_overlaps");
        await Post(id, "leave", new { start = "2026-11-20T00:00:00Z", end = "2026-11-21T00:00:00Z", kind = "Sick" }, HttpStatusCode.Created);

        var cancelled = await Post(id, $"leave/{leaveId}/cancel", new { reason = "任务需要" });
        cancelled.GetProperty("leave").EnumerateArray().Single(l => l.GetProperty("leaveId").GetGuid() == leaveId)
            .GetProperty("cancelled").GetBoolean().Should().BeTrue();

        var stored = await app.GetAs(Pool, Role.Dispatcher, $"/api/drivers/{id}");
        stored.GetProperty("leave").EnumerateArray().Select(l => (l.GetProperty("leaveId").GetGuid() == leaveId, l.GetProperty("cancelled").GetBoolean()))
            .Should().BeEquivalentTo([(true, true), (false, false)], "the overlapping leave was not stored, the one after it was");
    }

    [Fact]
    public async Task Suspension_reinstatement_renewal_and_leaving_service_are_events()
    {
        var id = await RegisterDriver();

        (await Post(id, "suspend", new { reason = "违章记分" })).GetProperty("status").GetString().Should().Be("suspended");
        (await Post(id, "suspend", new { reason = "再次" }, HttpStatusCode.Conflict)).Code().Should().Be("driver.already_suspended");
        (await Post(id, "reinstate", new { reason = "学习合格" })).GetProperty("status").GetString().Should().Be("active");
        (await Post(id, "licence", new { licenceClasses = new[] { "A1" }, licenceExpiresOn = "2036-05-01" }))
            .GetProperty("licenceExpiresOn").GetString().Should().Be("2036-05-01");
        await Post(id, "leave-service", new { reason = "退休" });
        (await Post(id, "suspend", new { reason = "已离职" }, HttpStatusCode.Conflict)).Code().Should().Be("driver.left_service");

        await using var session = app.Store.QuerySession(FleetApp.JianghanPool);
        (await session.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName).Should().Equal(
            "driver_registered", "driver_suspended", "driver_reinstated", "driver_licence_renewed", "driver_left_service");
    }

    [Fact]
    public async Task A_transfer_moves_the_driver_and_their_licence_to_the_receiving_pool()
    {
        var id = await RegisterDriver("孙师傅", "2032-02-29", "A1");

        (await Post(id, "transfer", new { toPool = "420199", reason = "调动" }, HttpStatusCode.NotFound)).Code().Should().Be("pool.not_found");
        var moved = await Post(id, "transfer", new { toPool = FleetApp.JianganPool, reason = "工作调动" });
        moved.GetProperty("pool").GetString().Should().Be(FleetApp.JianganPool);

        await app.GetAs(Pool, Role.FleetAdmin, $"/api/drivers/{id}", HttpStatusCode.NotFound);
        var arrived = await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, $"/api/drivers/{id}");
        arrived.GetProperty("licenceExpiresOn").GetString().Should().Be("2032-02-29");
        arrived.GetProperty("licenceClasses").EnumerateArray().Select(c => c.GetString()).Should().Equal("a1");
    }

    [Fact]
    public async Task Driver_lists_filter_and_sort_within_the_pool()
    {
        await RegisterDriver("赵师傅", "2029-01-01");
        var suspended = await RegisterDriver("钱师傅", "2028-01-01");
        await Post(suspended, "suspend", new { reason = "调查" });

        var active = await app.GetAs(Pool, Role.Dispatcher, "/api/drivers?status=active&sort=licenceExpiresOn&pageSize=200");
        var names = active.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        names.Should().Contain("赵师傅").And.NotContain("钱师傅");

        var search = await app.GetAs(Pool, Role.Supervisor, "/api/drivers?q=钱");
        search.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()).Should().Equal("钱师傅");
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/drivers?q=钱")).GetProperty("totalItems").GetInt64().Should().Be(0);
        await app.GetAs(Pool, Role.Clerk, "/api/drivers", HttpStatusCode.Forbidden);
    }
}
