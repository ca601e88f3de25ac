using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// Who to call: the clerk names a contact and their phone on the request form, the driver calls them from the card on a
/// phone (390 × 844, a plain window), and the fleet admin changes the driver's mobile, which the clerk then finds on the
/// trip's page. Numbers are links a thumb can hit.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContactPhoneTests(BrowserFleet fleet)
{
    private const string Pool = "420103";

    private static Instant Local(int day, int hour, int minute) =>
        new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(BrowserFleet.Zone).ToInstant();

    [Fact]
    public async Task The_driver_calls_the_contact_the_clerk_gave_and_the_clerk_calls_the_driver_on_the_number_the_admin_recorded()
    {
        fleet.Clock.Reset(Local(16, 9, 0));
        var purpose = $"接送专家评审{Guid.NewGuid():N}"[..12];
        var clerk = await fleet.SignInAsync("jianghan.clerk");

        // The request form asks for the contact; a number that cannot be called is named as the form names it.
        await clerk.GotoAsync("/trips/new");
        await clerk.Locator("select[name=Purpose]").SelectOptionAsync("Meeting");
        await clerk.Locator("input[name=PurposeText]").FillAsync(purpose);
        await clerk.Locator("input[name=Start]").FillAsync("2026-11-17T14:00");
        await clerk.Locator("input[name=End]").FillAsync("2026-11-17T15:30");
        await clerk.Locator("input[name=PickUp]").FillAsync("江汉区政府南门");
        await clerk.Locator("input[name='Destinations[0]']").FillAsync("W市会议中心");
        await clerk.Locator("input[name=ContactName]").FillAsync("王芳");
        await clerk.Locator("input[name=ContactPhone]").FillAsync("1380000");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        var phoneProblem = await clerk.Locator($"#{Fleet.Server.Web.FieldErrorTagHelper.ErrorId("contactPhone")}").InnerTextAsync();
        phoneProblem.Should().Contain("联系电话").And.Contain("1380000").And.Contain("区号");
        (await clerk.Locator("input[name=ContactPhone]").GetAttributeAsync("aria-invalid")).Should().Be("true");

        await clerk.Locator("input[name=ContactPhone]").FillAsync("138 0000 1234");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        await clerk.WaitForURLAsync(BrowserFleet.TripPage);
        var tripId = Guid.Parse(clerk.Url.Split('/').Last());
        (await clerk.Locator("#trip-contact").InnerTextAsync()).Should().Contain("王芳").And.Contain("13800001234");
        (await clerk.Locator("#trip-contact a.tel").GetAttributeAsync("href")).Should().Be("tel:13800001234");
        (await clerk.Locator("#timeline").InnerTextAsync()).Should().Contain("填写联系人");

        // The dispatcher sees whom to call on the trip waiting for a car, then sends the pool's driver.
        var console = await fleet.SignInAsync("jianghan.dispatcher");
        await console.GotoAsync("/dispatch?day=2026-11-17");
        var waiting = console.Locator($"#awaiting tr[data-trip='{tripId}']");
        (await waiting.InnerTextAsync()).Should().Contain("王芳");
        (await waiting.Locator("a.tel").GetAttributeAsync("href")).Should().Be("tel:13800001234");
        await console.Context.CloseAsync();
        var (driverId, driverName) = await DriverAsync("jianghan.driver");
        await using (var dispatcher = await FleetApi.SignInAsync(fleet, "jianghan.dispatcher"))
        {
            await dispatcher.DispatchAsync(tripId, driverId);
        }

        // On the driver's phone the card names the contact, and the number is a link big enough to tap.
        var driver = await fleet.SignInAsync("jianghan.driver", phone: true);
        await driver.GotoAsync("/driver");
        var card = driver.Locator($"article[data-trip='{tripId}']");
        (await card.InnerTextAsync()).Should().Contain("联系人").And.Contain("王芳");
        var call = card.Locator("a[href='tel:13800001234']");
        (await call.InnerTextAsync()).Should().Be("13800001234");
        (await call.GetAttributeAsync("aria-label")).Should().Contain("王芳").And.Contain("13800001234");
        var box = await call.BoundingBoxAsync();
        box!.Height.Should().BeGreaterThanOrEqualTo(44, "a thumb hits it");
        box.Width.Should().BeGreaterThanOrEqualTo(44);
        (await driver.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        (await PagesTests.AccessibilityViolationsAsync(driver)).Should().BeEmpty("the driver's page passes axe");
        await driver.Context.CloseAsync();

        // The fleet admin, reading English, changes the driver's mobile on the driver's record.
        var admin = await fleet.SignInAsync("jianghan.fleetadmin", "en-US");
        await admin.GotoAsync($"/admin/drivers/{driverId}");
        var form = admin.Locator("#phone-form");
        (await form.InnerTextAsync()).Should().Contain("Change mobile number").And.NotContain("手机");
        await form.Locator("input[name=phone]").FillAsync("027-87654321");
        await form.Locator("button[type=submit]").ClickAsync();
        var landline = await admin.Locator($"#{Fleet.Server.Web.FieldErrorTagHelper.ErrorId("phone.phone")}").InnerTextAsync();
        landline.Should().Contain("landline").And.Contain("mobile");
        await admin.Locator("#phone-form input[name=phone]").FillAsync("138 0000 5678");
        await admin.Locator("#phone-form button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator(".notice")).ToContainTextAsync("mobile number was changed");
        (await admin.Locator("#mobile a.tel").GetAttributeAsync("href")).Should().Be("tel:13800005678");
        (await PagesTests.AccessibilityViolationsAsync(admin)).Should().BeEmpty("the driver's record passes axe");
        await admin.Context.CloseAsync();

        // The unit head sees the contact of a request waiting for them.
        await using (var api = await FleetApi.SignInAsync(fleet, "jianghan.clerk"))
        {
            await api.PostAsync("/api/trips", new
            {
                purpose = "Meeting", purposeText = purpose + "晚", passengers = 1, pickUp = "江汉区政府南门", destinations = new[] { "W市会议中心" },
                start = "2026-11-18T19:00:00+08:00", end = "2026-11-18T21:00:00+08:00", urgency = "Normal", withDriver = true,
                contact = new { name = "李强", phone = "027-8765 4321 转 801" },
            });
        }

        var approver = await fleet.SignInAsync("jianghan.approver");
        await approver.GotoAsync("/approvals");
        var row = approver.Locator("#inbox tr", new PageLocatorOptions { HasTextString = purpose + "晚" });
        (await row.Locator("a.tel").GetAttributeAsync("href")).Should().Be("tel:02787654321,801");
        (await row.Locator("a.tel").InnerTextAsync()).Should().Be("027-87654321-801");
        await approver.Context.CloseAsync();

        // The clerk finds the driver's new number on the trip's page and on the dispatch order.
        await clerk.ReloadAsync();
        var driverPhone = clerk.Locator("#driver-phone a.tel");
        (await driverPhone.InnerTextAsync()).Should().Be("13800005678");
        (await driverPhone.GetAttributeAsync("href")).Should().Be("tel:13800005678");
        (await driverPhone.GetAttributeAsync("aria-label")).Should().Contain(driverName);
        await clerk.GotoAsync($"/trips/{tripId}/order");
        (await clerk.Locator("#order-contact").InnerTextAsync()).Should().Be("王芳");
        (await clerk.Locator("#order-contact-phone a.tel").GetAttributeAsync("href")).Should().Be("tel:13800001234");
        (await clerk.Locator("#order-phone a.tel").GetAttributeAsync("href")).Should().Be("tel:13800005678");
        await clerk.Context.CloseAsync();
    }

    private async Task<(Guid Id, string Name)> DriverAsync(string login)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        var user = await session.Query<User>().SingleAsync(u => u.LoginName == login);
        var driver = await session.Query<Driver>().SingleAsync(d => d.UserId == user.Id);
        return (driver.Id, driver.Name);
    }
}
