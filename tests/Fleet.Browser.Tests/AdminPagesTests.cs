using System.Globalization;
using System.Text.RegularExpressions;
using Fleet.Domain.Vehicles;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The fleet admin's pages — vehicles, drivers, accounts and the approval policy — as the admin of the Jiang'an pool
/// uses them: in 简体中文 and English, with every field labelled, and the registry changed through their forms.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AdminPagesTests(BrowserFleet fleet)
{
    private const string Admin = "jiangan.fleetadmin";
    private const string Pool = "420102";

    public static TheoryData<string, string> Pages => new()
    {
        { "/admin/vehicles", "admin-vehicles" },
        { "/admin/drivers", "admin-drivers" },
        { "/admin/users", "admin-users" },
        { "/admin/policy", "admin-policy" },
        { "/admin/organisations", "admin-organisations" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_admin_page_reads_in_both_languages_with_labelled_fields(string path, string name)
    {
        fleet.Clock.Reset(FleetApp.Start);
        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        {
            var page = await fleet.SignInAsync(Admin, locale);
            var response = await page.GotoAsync(path);
            response!.Status.Should().Be(200, $"{path} as {Admin}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await ReadsWellAsync(page, path, language);
            await fleet.ScreenshotAsync(page, $"{name}.{language}");

            // The forms of a vehicle, driver or account picked from the list read as well as the list itself.
            var manage = page.Locator("a[href*='#manage']").First;
            if (await page.Locator("a[href*='#manage']").CountAsync() > 0)
            {
                await manage.ClickAsync();
                await page.Locator("#manage").WaitForAsync();
                await ReadsWellAsync(page, page.Url, language);
            }

            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_vehicle_with_a_bad_plate_is_refused_at_the_plate_and_one_with_a_good_plate_is_listed()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var plate = await UnusedPlateAsync();
        var vehiclesBefore = await VehicleCountAsync();
        var page = await fleet.SignInAsync(Admin);
        await page.GotoAsync("/admin/vehicles");

        await RegisterAsync(page, "鄂A·123");
        var plateField = page.Locator("label", new PageLocatorOptions { Has = page.Locator("input[name=NewPlate]") });
        await Assertions.Expect(plateField.Locator(".field-error")).ToContainTextAsync("鄂A·123");
        (await page.Locator("input[name=NewPlate]").GetAttributeAsync("aria-invalid")).Should().Be("true");
        (await page.Locator("input[name=NewPlate]").InputValueAsync()).Should().Be("鄂A·123", "the admin corrects what they typed");
        (await VehicleCountAsync()).Should().Be(vehiclesBefore, "a refused registration stores nothing");

        await RegisterAsync(page, plate);
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#vehicles tr", new PageLocatorOptions { HasText = plate })).ToHaveCountAsync(1);
        (await VehicleCountAsync()).Should().Be(vehiclesBefore + 1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Maintenance_booked_for_a_vehicle_shows_in_the_list()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var plate = await UnusedPlateAsync();
        var page = await fleet.SignInAsync(Admin);
        await page.GotoAsync("/admin/vehicles");
        await RegisterAsync(page, plate);
        var row = page.Locator("#vehicles tr", new PageLocatorOptions { HasText = plate });
        await Assertions.Expect(row).ToHaveCountAsync(1);

        await row.Locator("a[href*='#manage']").ClickAsync();
        var booking = page.Locator("form[action*='handler=Schedule']");
        await booking.Locator("select[name=MaintenanceKind]").SelectOptionAsync(nameof(MaintenanceKind.Repair));
        await booking.Locator("input[name=MaintenanceStart]").FillAsync("2026-11-10T08:30");
        await booking.Locator("input[name=MaintenanceEnd]").FillAsync("2026-11-10T17:30");
        await booking.Locator("input[name=MaintenanceNote]").FillAsync("更换刹车片");
        await booking.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("td[data-label='维修保养']")).ToContainTextAsync("维修 2026-11-10 08:30 – 17:30");
        await Assertions.Expect(page.Locator("#maintenance tr", new PageLocatorOptions { HasText = "2026-11-10 08:30" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Changing_the_longest_automatic_trip_puts_a_new_policy_version_in_force()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await fleet.SignInAsync(Admin);
        await page.GotoAsync("/admin/policy");
        var next = int.Parse(await page.Locator("input[name=Version]").InputValueAsync(), CultureInfo.InvariantCulture);
        var hours = await page.Locator("input[name=MaxHours]").InputValueAsync();
        // Both stay below the five hours the trip in TripThroughEveryRoleTests needs an approver for, and above the hour of LiveBoardTests.
        var changed = hours == "3" ? "3.5" : "3";

        await page.Locator("input[name=MaxHours]").FillAsync(changed);
        await page.Locator("form.stack button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("input[name=Version]")).ToHaveValueAsync((next + 1).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();
        (await page.Locator("main h2").First.InnerTextAsync()).Should().Contain($"第 {next} 版");
        (await page.Locator("#policy").InnerTextAsync()).Should().Contain($"{changed} 小时");

        // Put the pool's rule back as it was, in one more version, for the tests that request trips after this one.
        await page.Locator("input[name=MaxHours]").FillAsync(hours);
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("input[name=Version]")).ToHaveValueAsync((next + 2).ToString(CultureInfo.InvariantCulture));
        (await page.Locator("#policy").InnerTextAsync()).Should().Contain($"{hours} 小时");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_driver_registered_through_the_form_is_given_leave_and_suspended_and_reinstated()
    {
        fleet.Clock.Reset(FleetApp.Start);
        const string name = "韩立新";
        var page = await fleet.SignInAsync(Admin);
        await page.GotoAsync("/admin/drivers");

        await page.Locator("#register summary").ClickAsync();
        var register = page.Locator("form[action*='handler=Register']");
        await register.Locator("input[name=NewName]").FillAsync(name);
        await register.Locator("input[name=NewLicenceClasses][value=C1]").CheckAsync();
        await register.Locator("input[name=NewLicenceNumber]").FillAsync("420102198805061234");
        await register.Locator("input[name=NewLicenceExpiresOn]").FillAsync("2032-05-06");
        await register.Locator("input[name=NewMobile]").FillAsync("139 0000 1111");
        await register.Locator("button[type=submit]").ClickAsync();
        var row = page.Locator("#drivers tr", new PageLocatorOptions { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("13900001111");
        await Assertions.Expect(page.Locator("#manage h2")).ToContainTextAsync(name);

        // Away on a course for two days, then the course is postponed.
        var leave = page.Locator("form[action*='handler=Leave']");
        await leave.Locator("select[name=LeaveKind]").SelectOptionAsync("Training");
        await leave.Locator("input[name=LeaveStart]").FillAsync("2026-11-09T00:00");
        await leave.Locator("input[name=LeaveEnd]").FillAsync("2026-11-11T00:00");
        await leave.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(row.Locator("td[data-label='请假']")).ToContainTextAsync("培训 2026-11-09 00:00 – 2026-11-11 00:00");

        await page.Locator("#leave form[action*='handler=CancelLeave'] button").ClickAsync();
        await Assertions.Expect(page.Locator("#leave .field-error")).ToBeVisibleAsync();
        await page.Locator("#leave input[name=reason]").FillAsync("培训延期");
        await page.Locator("#leave form[action*='handler=CancelLeave'] button").ClickAsync();
        await Assertions.Expect(page.Locator("#leave")).ToHaveCountAsync(0);
        await Assertions.Expect(row.Locator("td[data-label='请假']")).ToHaveTextAsync("");

        await page.Locator("form[action*='handler=Suspend'] input[name=reason]").FillAsync("交通事故调查中");
        await page.Locator("form[action*='handler=Suspend'] button").ClickAsync();
        await Assertions.Expect(row.Locator("td[data-label='状态']")).ToHaveTextAsync("停止派车");
        await Assertions.Expect(page.Locator("#manage")).ToContainTextAsync("交通事故调查中");

        await page.Locator("form[action*='handler=Reinstate'] input[name=reason]").FillAsync("调查结束，无责任");
        await page.Locator("form[action*='handler=Reinstate'] button").ClickAsync();
        await Assertions.Expect(row.Locator("td[data-label='状态']")).ToHaveTextAsync("在岗");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_account_registered_through_the_form_gets_its_roles_changed_and_is_deactivated_and_reactivated()
    {
        fleet.Clock.Reset(FleetApp.Start);
        const string login = "ja0001.clerk2";
        var page = await fleet.SignInAsync(Admin);
        await page.GotoAsync("/admin/users");

        await page.Locator("#register summary").ClickAsync();
        var register = page.Locator("form[action*='handler=Register']");
        await register.Locator("input[name=NewLoginName]").FillAsync(login);
        await register.Locator("input[name=NewDisplayName]").FillAsync("何晓燕");
        await register.Locator("select[name=NewOrganisationCode]").SelectOptionAsync("JA0001");
        await register.Locator("input[name=NewRoles][value=Clerk]").CheckAsync();
        await register.Locator("input[name=NewPassword]").FillAsync("short");
        await register.Locator("button[type=submit]").ClickAsync();
        // Refused at the password, which is not sent back; the rest of the form stays as typed.
        await Assertions.Expect(page.Locator("#error-password")).ToBeVisibleAsync();
        (await page.Locator("input[name=NewPassword]").InputValueAsync()).Should().BeEmpty();
        (await page.Locator("input[name=NewLoginName]").InputValueAsync()).Should().Be(login);
        (await page.Locator("input[name=NewRoles][value=Clerk]").IsCheckedAsync()).Should().BeTrue();

        await register.Locator("input[name=NewPassword]").FillAsync("harbour-lantern-2026");
        await register.Locator("button[type=submit]").ClickAsync();
        var row = page.Locator("#users tr", new PageLocatorOptions { HasText = login });
        await Assertions.Expect(row).ToContainTextAsync("办事员");

        await page.Locator("#manage input[name=roles][value=Approver]").CheckAsync();
        await page.Locator("form[action*='handler=Roles'] button").ClickAsync();
        await Assertions.Expect(row.Locator("td[data-label='角色']")).ToHaveTextAsync("办事员、审批人");

        await page.Locator("form[action*='handler=Deactivate'] input[name=reason]").FillAsync("调离本单位");
        await page.Locator("form[action*='handler=Deactivate'] button").ClickAsync();
        await Assertions.Expect(row.Locator("td[data-label='状态']")).ToHaveTextAsync("已停用");

        await page.Locator("form[action*='handler=Reactivate'] button").ClickAsync();
        await Assertions.Expect(row.Locator("td[data-label='状态']")).ToHaveTextAsync("在用");
        await page.Context.CloseAsync();
    }

    private async Task ReadsWellAsync(IPage page, string path, string language)
    {
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be(language == "zh" ? "zh-CN" : "en");
        var text = await page.Locator("body").InnerTextAsync();
        UntranslatedKey().Matches(text).Select(m => m.Value).Should().BeEmpty($"every word of {path} comes from the resources");
        if (language == "zh") text.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}", "the page speaks Chinese");
        else text.Should().NotContain("退出", "the page speaks English");

        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(e => !e.closest('label') && !(e.id && document.querySelector(`label[for="${e.id}"]`)) && !e.getAttribute('aria-label'))
                .map(e => e.name)
            """);
        unlabelled.Should().BeEmpty($"every field of {path} has a label");
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"{path} in {language} passes the WCAG 2 A and AA rules axe checks");
    }

    /// <summary>Fills the registration form with a five-seat general-purpose petrol sedan and sends it.</summary>
    private static async Task RegisterAsync(IPage page, string plate)
    {
        if (await page.Locator("#register[open]").CountAsync() == 0) await page.Locator("#register summary").ClickAsync();
        var form = page.Locator("form[action*='handler=Register']");
        await form.Locator("input[name=NewPlate]").FillAsync(plate);
        await form.Locator("select[name=NewCategory]").SelectOptionAsync(nameof(VehicleCategory.GeneralOfficial));
        await form.Locator("select[name=NewClass]").SelectOptionAsync(nameof(VehicleClass.Sedan));
        await form.Locator("input[name=NewSeats]").FillAsync("5");
        await form.Locator("select[name=NewEnergy]").SelectOptionAsync(nameof(EnergyType.Gasoline));
        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    /// <summary>A plate of the 鄂A·Q series no vehicle of the test's city has yet.</summary>
    private async Task<string> UnusedPlateAsync()
    {
        await using var session = fleet.Store.QuerySession(Pool);
        var taken = (await session.Query<Vehicle>().Select(v => v.Plate).ToListAsync()).ToHashSet();
        while (true)
        {
            var plate = $"鄂A·Q{Random.Shared.Next(10_000):D4}";
            if (!taken.Contains(plate)) return plate;
        }
    }

    private async Task<int> VehicleCountAsync()
    {
        await using var session = fleet.Store.QuerySession(Pool);
        return await session.Query<Vehicle>().CountAsync();
    }

    [GeneratedRegex(@"\b(?:nav|home|trip|trips|request|approvals|dispatch|driver|reports|logbook|audit|admin|signin|common)\.[a-z_]+\b")]
    private static partial Regex UntranslatedKey();
}
