using System.Globalization;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The fleet admin's whole job through the pages alone, as the admin of the Jiang'an pool does it: a vehicle's odometer
/// read and corrected, the vehicle retired and disposed of, another handed to another pool; a driver's licence renewed,
/// an account linked, the driver leaving service; an account moved; a unit set up, renamed and closed; papers about to
/// end shown on the home page; lists searched; and every new page on a phone's width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminJobTests(BrowserFleet fleet)
{
    private const string Admin = "jiangan.fleetadmin";
    private const string Pool = "420102";

    private LocalDate Today => fleet.Clock.GetCurrentInstant().InZone(BrowserFleet.Zone).Date;

    [Fact]
    public async Task A_vehicle_is_read_corrected_retired_and_disposed_of_and_another_is_transferred_through_its_record_page()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await SignInAsync();

        var plate = await RegisterVehicleAsync(page);
        await OpenVehicleAsync(page, plate);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(plate);

        var read = page.Locator("form[action*='handler=Read']");
        await read.Locator("input[name=kilometres]").FillAsync("12345.6");
        await read.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("里程读数已记录");
        await Assertions.Expect(page.Locator("#odometer")).ToHaveTextAsync("12,345.6");

        // A lower reading is a correction, refused without its reason, next to the field and in a banner.
        var correct = page.Locator("form[action*='handler=Correct']");
        await correct.Locator("input[name=kilometres]").FillAsync("12000");
        await correct.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#error-correct-reason")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".form-error")).ToBeVisibleAsync();
        await correct.Locator("input[name=kilometres]").FillAsync("12000");
        await correct.Locator("input[name=reason]").FillAsync("里程表更换后读数录错");
        await correct.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("里程已更正");
        await Assertions.Expect(page.Locator("#odometer")).ToHaveTextAsync("12,000.0");

        // Retiring asks first: declining the question sends nothing.
        var retire = page.Locator("form[action*='handler=Retire']");
        await retire.Locator("input[name=reason]").FillAsync("车况老旧，不再派车");
        page.Dialog += Decline;
        await retire.Locator("button[type=submit]").ClickAsync();
        page.Dialog -= Decline;
        (await StatusAsync(plate)).Should().Be(VehicleStatus.InService, "the admin said no to the question");

        page.Dialog += Accept;
        await retire.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("已停用");
        (await StatusAsync(plate)).Should().Be(VehicleStatus.Retired);

        var dispose = page.Locator("form[action*='handler=Dispose']");
        await dispose.Locator("select[name=method]").SelectOptionAsync(nameof(DisposalMethod.Auction));
        await dispose.Locator("input[name=documentNumber]").FillAsync("江岸财〔2026〕12号");
        await dispose.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("车辆已处置");
        (await StatusAsync(plate)).Should().Be(VehicleStatus.Disposed);
        (await page.Locator("form[method=post][action*='handler=']").CountAsync()).Should().Be(0, "a disposed vehicle has nothing left to do");

        var moving = await RegisterVehicleAsync(page);
        await OpenVehicleAsync(page, moving);
        var transfer = page.Locator("form[action*='handler=Transfer']");
        await transfer.Locator("select[name=toPool]").SelectOptionAsync(new SelectOptionValue { Label = "江汉区" });
        await transfer.Locator("input[name=reason]").FillAsync("支援江汉区车队");
        await transfer.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("车辆已调往所选车队");
        await page.WaitForURLAsync(url => url.EndsWith("/admin/vehicles", StringComparison.Ordinal));
        await using (var jianghan = fleet.Store.QuerySession("420103"))
            (await jianghan.Query<Vehicle>().CountAsync(v => v.Plate == moving)).Should().Be(1, "the vehicle now belongs to 江汉区");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_drivers_licence_is_renewed_an_account_linked_and_the_driver_leaves_service_through_the_record_page()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await SignInAsync();
        var suffix = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var name = "邵" + Chinese(suffix);
        var login = $"jiangan.d9{suffix}";

        // The account the new driver will sign in with.
        await page.GotoAsync("/admin/users");
        await page.Locator("#register summary").ClickAsync();
        var account = page.Locator("form[action*='handler=Register']");
        await account.Locator("input[name=NewLoginName]").FillAsync(login);
        await account.Locator("input[name=NewDisplayName]").FillAsync(name);
        await account.Locator("select[name=NewOrganisationCode]").SelectOptionAsync(Pool);
        await account.Locator("input[name=NewRoles][value=Driver]").CheckAsync();
        await account.Locator("input[name=NewPassword]").FillAsync("harbour-lantern-2026");
        await account.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();

        await page.GotoAsync("/admin/drivers");
        await page.Locator("#register summary").ClickAsync();
        var register = page.Locator("form[action*='handler=Register']");
        await register.Locator("input[name=NewName]").FillAsync(name);
        await register.Locator("input[name=NewLicenceClasses][value=C1]").CheckAsync();
        await register.Locator("input[name=NewLicenceNumber]").FillAsync($"42010219880506{suffix}");
        await register.Locator("input[name=NewLicenceExpiresOn]").FillAsync(Iso(Today.PlusDays(12)));
        await register.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();

        // Searched by name, opened from the list.
        await page.GotoAsync("/admin/drivers?q=" + Uri.EscapeDataString(name));
        await Assertions.Expect(page.Locator("#drivers tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#drivers tbody tr .flag")).ToHaveTextAsync("即将到期");
        await page.Locator("#drivers tbody tr a", new PageLocatorOptions { HasText = name }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("#licence .flag")).ToHaveTextAsync("即将到期");

        var renew = page.Locator("form[action*='handler=Licence']");
        await renew.Locator("input[name=LicenceClasses][value=B1]").CheckAsync();
        await renew.Locator("input[name=LicenceExpiresOn]").FillAsync("2032-05-06");
        await renew.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("驾驶证已换证登记");
        await Assertions.Expect(page.Locator("#licence")).ToHaveTextAsync("2032-05-06");
        await Assertions.Expect(page.Locator("#licence-classes")).ToContainTextAsync("B1");

        var link = page.Locator("form[action*='handler=Account']");
        await link.Locator("select[name=userId]").SelectOptionAsync(new SelectOptionValue { Label = $"{name} · {login}" });
        await link.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已关联登录账号");
        await Assertions.Expect(page.Locator("#account")).ToContainTextAsync(login);

        page.Dialog += Accept;
        var leave = page.Locator("form[action*='handler=Departure']");
        await leave.Locator("input[name=reason]").FillAsync("调往市交通局");
        await leave.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("已离岗");
        await using var session = fleet.Store.QuerySession(Pool);
        var driver = await session.Query<Driver>().SingleAsync(d => d.Name == name);
        driver.Status.Should().Be(DriverStatus.Left);
        driver.UserId.Should().NotBeNull();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_unit_is_set_up_renamed_and_closed_and_an_account_moved_into_another_unit()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await SignInAsync();
        var code = "JAT" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);

        await page.GotoAsync("/admin/organisations");
        await page.Locator("#register summary").ClickAsync();
        var establish = page.Locator("form[action*='handler=Establish']");
        await establish.Locator("input[name=NewCode]").FillAsync(code);
        await establish.Locator("input[name=NewName]").FillAsync("江岸区测试中心");
        await establish.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("单位已设立");
        await Assertions.Expect(page.Locator("#manage h2")).ToContainTextAsync("江岸区测试中心");

        var rename = page.Locator("form[action*='handler=Rename']");
        await rename.Locator("input[name=name]").FillAsync("江岸区数据中心");
        await rename.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("名称已更改");

        // The list finds the unit by its new name.
        await page.GotoAsync("/admin/organisations?q=" + Uri.EscapeDataString("数据中心"));
        var row = page.Locator($"#organisations tr[data-organisation='{code}']");
        await Assertions.Expect(row).ToContainTextAsync("江岸区数据中心");

        // An account moved into the new unit, then moved back out so that the unit can close.
        await page.GotoAsync("/admin/users?q=ja0001.approver2");
        await page.Locator("#users tr", new PageLocatorOptions { HasText = "ja0001.approver2" }).First.Locator("a[href*='#manage']").ClickAsync();
        var move = page.Locator("form[action*='handler=Move']");
        var home = await move.Locator("select[name=organisationCode]").InputValueAsync();
        await move.Locator("select[name=organisationCode]").SelectOptionAsync(code);
        await move.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("账号已调往新单位");
        await Assertions.Expect(page.Locator("#manage")).ToContainTextAsync("江岸区数据中心");
        await using (var session = fleet.Store.QuerySession(Pool))
            (await session.Query<User>().SingleAsync(u => u.LoginName == "ja0001.approver2")).OrganisationCode.Should().Be(code);
        await move.Locator("select[name=organisationCode]").SelectOptionAsync(home);
        await move.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("账号已调往新单位");

        await page.GotoAsync($"/admin/organisations?org={code}");
        page.Dialog += Accept;
        var close = page.Locator("form[action*='handler=Close']");
        await close.Locator("input[name=reason]").FillAsync("机构改革，职能并入区大数据局");
        await close.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("单位已撤销");
        await Assertions.Expect(page.Locator("#manage h2 .status")).ToHaveTextAsync("已撤销");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_citys_fleet_admin_sets_up_a_district_and_a_wrong_code_is_explained_next_to_its_field()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await fleet.SignInAsync("city.fleetadmin");
        await page.GotoAsync("/admin/organisations");
        await page.Locator("#district summary").ClickAsync();
        var establish = page.Locator("form[action*='handler=EstablishDistrict']");

        // A code of another city is refused where it was typed, in words.
        await establish.Locator("input[name=DistrictCode]").FillAsync("310101");
        await establish.Locator("input[name=DistrictName]").FillAsync("测试区");
        await establish.Locator("button[type=submit]").ClickAsync();
        (await page.Locator("#district").EvaluateAsync<bool>("d => d.open")).Should().BeTrue("the refused form stays open");
        (await page.Locator("input[name=DistrictCode]").GetAttributeAsync("aria-invalid")).Should().Be("true");

        var code = "4201" + Random.Shared.Next(20, 99).ToString(CultureInfo.InvariantCulture);
        establish = page.Locator("form[action*='handler=EstablishDistrict']");
        await establish.Locator("input[name=DistrictCode]").FillAsync(code);
        await establish.Locator("input[name=DistrictName]").FillAsync("W市测试新区");
        await establish.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("区已设立");
        await using (var session = fleet.Store.QuerySession(code))
            (await session.Query<Fleet.Domain.Organisations.Organisation>().SingleAsync(o => o.AnyTenant() && o.Code == code)).Name.Should().Be("W市测试新区");

        // A district's own fleet admin sets up units only: the district form is the city's.
        var district = await SignInAsync();
        await district.GotoAsync("/admin/organisations");
        (await district.Locator("#district").CountAsync()).Should().Be(0);
        await district.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Papers_ending_within_the_month_show_on_the_admins_home_and_link_to_the_record()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await SignInAsync();
        var plate = await RegisterVehicleAsync(page);
        await page.GotoAsync("/admin/vehicles?q=" + Uri.EscapeDataString(plate));
        await page.Locator("#vehicles a[href*='#manage']").ClickAsync();
        var inspection = page.Locator("form[action*='handler=Inspection']");
        await inspection.Locator("input[name=InspectedOn]").FillAsync(Iso(Today.PlusYears(-1).PlusDays(9)));
        await inspection.Locator("input[name=InspectionValidUntil]").FillAsync(Iso(Today.PlusDays(9)));
        await inspection.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#vehicles tr", new PageLocatorOptions { HasText = plate }).Locator(".flag", new LocatorLocatorOptions { HasText = "即将到期" }))
            .ToHaveCountAsync(1);

        await page.GotoAsync("/");
        var paper = page.Locator("#expiring li", new PageLocatorOptions { HasText = plate });
        await Assertions.Expect(paper).ToContainTextAsync("年检");
        await Assertions.Expect(paper).ToContainTextAsync(Iso(Today.PlusDays(9)));
        await Assertions.Expect(paper.Locator(".flag")).ToHaveTextAsync("即将到期");
        await paper.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(plate);
        await Assertions.Expect(page.Locator("#inspection .flag")).ToHaveTextAsync("即将到期");

        // Insurance that ended yesterday is listed as ended, in English too.
        await page.GotoAsync("/admin/vehicles?q=" + Uri.EscapeDataString(plate));
        await page.Locator("#vehicles a[href*='#manage']").ClickAsync();
        var insurance = page.Locator("form[action*='handler=Insurance']");
        await insurance.Locator("input[name=Insurer]").FillAsync("中国人民财产保险");
        await insurance.Locator("input[name=PolicyNumber]").FillAsync("PDAA2025420100001");
        await insurance.Locator("input[name=InsuranceValidFrom]").FillAsync(Iso(Today.PlusYears(-1)));
        await insurance.Locator("input[name=InsuranceValidUntil]").FillAsync(Iso(Today.PlusDays(-1)));
        await insurance.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();

        var english = await fleet.SignInAsync(Admin, "en-US");
        await english.GotoAsync("/");
        await Assertions.Expect(english.Locator("#expiring h2")).ToContainTextAsync("within 30 days");
        var ended = english.Locator("#expiring li[data-paper=insurance]", new PageLocatorOptions { HasText = plate });
        await Assertions.Expect(ended).ToContainTextAsync("Insurance");
        await Assertions.Expect(ended.Locator(".flag.ended")).ToHaveTextAsync("lapsed");
        await english.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_vehicle_list_finds_a_plate_and_the_account_list_a_person()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await SignInAsync();
        await using var session = fleet.Store.QuerySession(Pool);
        var plate = (await session.Query<Vehicle>().Where(v => v.Status == VehicleStatus.InService).OrderBy(v => v.Plate).FirstAsync()).Plate;
        var person = await session.Query<User>().FirstAsync(u => u.LoginName == "jiangan.dispatcher");

        await page.GotoAsync("/admin/vehicles");
        // Typed the way people type it: without the dot, in lower case.
        await page.Locator("form.search input[name=q]").FillAsync(plate.Replace("·", "", StringComparison.Ordinal)[2..].ToLowerInvariant());
        await page.Locator("form.search button").ClickAsync();
        await Assertions.Expect(page.Locator("#vehicles tbody tr", new PageLocatorOptions { HasText = plate })).ToHaveCountAsync(1);
        await page.Locator("#vehicles tbody tr a", new PageLocatorOptions { HasText = plate }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(plate);

        await page.GotoAsync("/admin/users");
        await page.Locator("form.search input[name=q]").FillAsync(person.DisplayName);
        await page.Locator("form.search button").ClickAsync();
        await Assertions.Expect(page.Locator("#users tbody tr", new PageLocatorOptions { HasText = "jiangan.dispatcher" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_admins_pages_fit_a_phone_and_read_in_both_languages()
    {
        fleet.Clock.Reset(FleetApp.Start);
        await using var session = fleet.Store.QuerySession(Pool);
        var vehicle = await session.Query<Vehicle>().Where(v => v.Status == VehicleStatus.InService).OrderBy(v => v.Plate).FirstAsync();
        var driver = await session.Query<Driver>().Where(d => d.Status == DriverStatus.Active).OrderBy(d => d.Name).FirstAsync();
        var pages = new[]
        {
            ("/", "home-admin"), ($"/admin/vehicles/{vehicle.Id}", "admin-vehicle"), ($"/admin/drivers/{driver.Id}", "admin-driver"),
            ("/admin/organisations", null), ("/admin/vehicles", null), ("/admin/drivers", null), ("/admin/users", null),
        };
        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        {
            foreach (var phone in new[] { false, true })
            {
                var page = await fleet.SignInAsync(Admin, locale, phone);
                var errors = new List<string>();
                page.PageError += (_, error) => errors.Add(error);
                page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
                foreach (var (path, shot) in pages)
                {
                    (await page.GotoAsync(path))!.Status.Should().Be(200, path);
                    var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                    if (phone)
                    {
                        var wide = await page.EvaluateAsync<string[]>("""
                            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390)
                                .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)
                            """);
                        width.Should().BeLessThanOrEqualTo(390, $"{path} fits a phone in {language}; too wide: {string.Join(", ", wide)}");
                    }
                    var text = await page.Locator("body").InnerTextAsync();
                    text.Should().NotMatchRegex(@"\b(?:admin|home|nav)\.[a-z_]+\b", $"every word of {path} comes from the resources");
                    if (language == "en") text.Should().NotMatchRegex("[：，。]", $"{path} in English has no Chinese punctuation");
                    if (!phone)
                    {
                        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"{path} in {language} passes axe");
                        if (shot is not null) await fleet.ScreenshotAsync(page, $"{shot}.{language}");
                    }
                }

                errors.Should().BeEmpty("the pages run under their content policy without errors");
                await page.Context.CloseAsync();
            }
        }
    }

    private async Task<IPage> SignInAsync() => await fleet.SignInAsync(Admin);

    private static async void Accept(object? sender, IDialog dialog) => await dialog.AcceptAsync();

    private static async void Decline(object? sender, IDialog dialog) => await dialog.DismissAsync();

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Chinese(string digits) => string.Concat(digits.Select(d => "零一二三四五六七八九"[d - '0']));

    /// <summary>Registers a five-seat petrol sedan under a plate no vehicle of the city has yet, through the list's form.</summary>
    private async Task<string> RegisterVehicleAsync(IPage page)
    {
        string plate;
        await using (var session = fleet.Store.QuerySession(Pool))
        {
            var taken = (await session.Query<Vehicle>().Where(v => v.AnyTenant()).Select(v => v.Plate).ToListAsync()).ToHashSet();
            do plate = $"鄂A·R{Random.Shared.Next(10_000):D4}";
            while (taken.Contains(plate));
        }

        await page.GotoAsync("/admin/vehicles");
        await page.Locator("#register summary").ClickAsync();
        var form = page.Locator("form[action*='handler=Register']");
        await form.Locator("input[name=NewPlate]").FillAsync(plate);
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();
        return plate;
    }

    private static async Task OpenVehicleAsync(IPage page, string plate)
    {
        await page.GotoAsync("/admin/vehicles?q=" + Uri.EscapeDataString(plate));
        await page.Locator("#vehicles tbody tr a", new PageLocatorOptions { HasText = plate }).ClickAsync();
    }

    private async Task<VehicleStatus> StatusAsync(string plate)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        return (await session.Query<Vehicle>().SingleAsync(v => v.Plate == plate)).Status;
    }
}
