using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using FluentAssertions;
using Marten;
using Marten.Events;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// One trip from request to audit, each step done by the person whose job it is, in their own browser: the clerk
/// asks, the unit head approves, the dispatcher sends a car and a driver, the driver accepts, leaves and comes back,
/// the clerk rates, and the supervisor finds it in the logbook, a chart and the audit trail.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TripThroughEveryRoleTests(BrowserFleet fleet)
{
    private static Instant Local(int day, int hour, int minute) =>
        new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(BrowserFleet.Zone).ToInstant();

    [Fact]
    public async Task A_trip_goes_from_request_to_audit_trail_through_every_role()
    {
        fleet.Clock.Reset(Local(2, 9, 30));
        const string purpose = "检查后湖泵站防汛设施";

        // The clerk asks for five hours, longer than the policy approves by itself.
        var clerk = await fleet.SignInAsync("jiangan.clerk");
        await clerk.GotoAsync("/trips/new");
        await clerk.Locator("select[name=Purpose]").SelectOptionAsync("Inspection");
        await clerk.Locator("input[name=PurposeText]").FillAsync(purpose);
        await clerk.Locator("input[name=Start]").FillAsync("2026-11-05T08:00");
        await clerk.Locator("input[name=End]").FillAsync("2026-11-05T13:00");
        await clerk.Locator("input[name=PickUp]").FillAsync("江岸区政府办公室");
        await clerk.Locator("input[name='Destinations[0]']").FillAsync("江岸区后湖街道");
        await clerk.Locator("input[name=Passengers]").FillAsync("2");
        await fleet.ScreenshotAsync(clerk, "flow-1-request.zh");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        await clerk.WaitForURLAsync(BrowserFleet.TripPage);
        var tripId = Guid.Parse(clerk.Url.Split('/').Last());
        (await clerk.Locator("main").InnerTextAsync()).Should().Contain(purpose).And.Contain("待审批");

        // The unit head approves it from the inbox.
        var approver = await fleet.SignInAsync("jiangan.approver");
        await approver.GotoAsync("/approvals");
        await fleet.ScreenshotAsync(approver, "flow-2-approve.zh");
        await approver.Locator($"tr[data-trip='{tripId}'] form[action*='Approve'] button").ClickAsync();
        await approver.Locator(".notice").WaitForAsync();
        (await approver.Locator($"tr[data-trip='{tripId}']").CountAsync()).Should().Be(0, "an approved request leaves the inbox");

        // The dispatcher picks the trip, keeps the first free car and sends the driver who signs in as jiangan.driver.
        var driverName = await DriverNameAsync("jiangan.driver");
        var dispatcher = await fleet.SignInAsync("jiangan.dispatcher");
        await dispatcher.GotoAsync($"/dispatch?day=2026-11-05&trip={tripId}");
        await dispatcher.Locator("#candidates tr", new PageLocatorOptions { HasText = driverName }).Locator("input[type=radio]").CheckAsync();
        await fleet.ScreenshotAsync(dispatcher, "flow-3-dispatch.zh");
        await dispatcher.Locator("#candidates button[type=submit]").ClickAsync();
        await dispatcher.Locator(".notice").WaitForAsync();
        var order = (await dispatcher.Locator($"tr[data-trip='{tripId}']").InnerTextAsync());
        order.Should().Contain("420102-2026-", "the trip is on the board with its dispatch order");

        // The driver accepts, leaves on the morning of the trip and comes back with the readings and costs.
        var driver = await fleet.SignInAsync("jiangan.driver", phone: true);
        await driver.GotoAsync("/driver");
        var card = driver.Locator($"article[data-trip='{tripId}']");
        await card.Locator("form[action*='Accept'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();
        fleet.Clock.Reset(Local(5, 7, 50));
        await driver.GotoAsync("/driver");
        var odometerOut = decimal.Parse(await card.Locator("input[name=odometerKm]").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await fleet.ScreenshotAsync(driver, "flow-4-start.zh");
        await card.Locator("form[action*='Start'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();
        fleet.Clock.Reset(Local(5, 12, 40));
        await driver.GotoAsync("/driver");
        await card.Locator("form[action*='Finish'] input[name=odometerKm]").FillAsync((odometerOut + 23.5m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await card.Locator("input[name=parking]").FillAsync("10");
        await fleet.ScreenshotAsync(driver, "flow-5-finish.zh");
        await card.Locator("form[action*='Finish'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();

        // The clerk opens the trip from the list, confirms the record seeing its distance and costs, and gives five stars.
        await clerk.GotoAsync("/trips");
        await clerk.Locator($"tr[data-trip='{tripId}'] a").First.ClickAsync();
        await clerk.WaitForURLAsync($"**/trips/{tripId}");
        (await clerk.Locator("#trip-km").InnerTextAsync()).Should().Contain("23.5");
        await clerk.Locator("#confirm-form select[name=stars]").SelectOptionAsync("5");
        await clerk.Locator("#confirm-form input[name=comment]").FillAsync("准时，驾驶平稳");
        await clerk.Locator("#confirm-form button").ClickAsync();
        await clerk.Locator(".notice").WaitForAsync();
        (await clerk.Locator("#trip-rating").InnerTextAsync()).Should().Contain("★★★★★");

        // The supervisor finds it in the car's logbook, in the month's charts and in the audit trail.
        await fleet.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        Guid vehicleId;
        await using (var session = fleet.Store.QuerySession("420102"))
            vehicleId = (await session.LoadAsync<Trip>(tripId))!.Assignment!.VehicleId;
        var supervisor = await fleet.SignInAsync("jiangan.supervisor");
        await supervisor.GotoAsync($"/logbook?vehicleId={vehicleId}&month=2026-11");
        var line = supervisor.Locator("#logbook tr", new PageLocatorOptions { HasText = purpose });
        (await line.InnerTextAsync()).Should().Contain("23.5").And.Contain(driverName);
        await fleet.ScreenshotAsync(supervisor, "flow-6-logbook.zh");

        await supervisor.GotoAsync("/reports?period=2026-11");
        await supervisor.Locator("#chart-utilization[data-drawn=true]").WaitForAsync();
        (await supervisor.Locator("#chart-utilization svg").CountAsync()).Should().Be(1, "ECharts drew the chart");

        await supervisor.GotoAsync($"/audit?record={tripId}");
        var trail = await supervisor.Locator("#audit tbody").InnerTextAsync();
        // Each step in words, never the stored alias.
        foreach (var step in new[] { "申请用车", "批准", "派车", "驾驶员接单", "出车", "回场", "确认回场", "评价", "行程关闭" })
            trail.Should().Contain(step);
        trail.Should().NotContain("trip_");
        trail.Should().Contain("jiangan.clerk").And.Contain("jiangan.approver").And.Contain("jiangan.dispatcher").And.Contain("jiangan.driver");
        await fleet.ScreenshotAsync(supervisor, "flow-7-audit.zh");
    }

    private async Task<string> DriverNameAsync(string login)
    {
        await using var session = fleet.Store.QuerySession("420102");
        var user = await session.Query<User>().SingleAsync(u => u.LoginName == login);
        return (await session.Query<Driver>().SingleAsync(d => d.UserId == user.Id)).Name;
    }
}
