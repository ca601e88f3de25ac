using Fleet.Server.Positions.Intake;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A self-driven trip whose logbook says 60 km while its car's terminal tracked some 20: the supervisor reads the
/// finding with its evidence in words on the trip's page and on the compliance list, in both languages, on a phone, and
/// the pages pass axe. The supervisors' geofence page lists and adds a geofence, by its form or by clicking on the map.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrackFindingPagesTests(BrowserFleet fleet)
{
    private const string Supervisor = "jiangan.supervisor";
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int hour, int minute) => new LocalDateTime(2026, 11, 2, hour, minute).InZoneStrictly(Wuhan).ToInstant();

    [Fact]
    public async Task A_padded_logbook_shows_its_evidence_in_words_on_the_trip_and_the_compliance_list()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var terminal = $"1{Random.Shared.NextInt64(30_000_000_00, 99_999_999_99)}";
        Guid car, trip;
        await using (var admin = await FleetApi.SignInAsync(fleet, "jiangan.fleetadmin"))
        {
            car = (await admin.PostAsync("/api/vehicles", new
            {
                plate = $"鄂A·G{Random.Shared.Next(10_000):D4}", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline",
            })).GetProperty("vehicleId").GetGuid();
            await admin.PostAsync($"/api/vehicles/{car}/inspection", new { inspectedOn = "2026-10-01", validUntil = "2027-09-30" });
            await admin.PostAsync($"/api/vehicles/{car}/insurance", new { insurer = "平安", policyNumber = "P-1", validFrom = "2026-10-01", validUntil = "2027-09-30" });
            await admin.PostAsync($"/api/vehicles/{car}/terminal", new { terminal });
        }

        await using (var clerk = await FleetApi.SignInAsync(fleet, "jiangan.clerk"))
            trip = (await clerk.PostAsync("/api/trips", new
            {
                purpose = "Meeting", purposeText = "轨迹核查演示", passengers = 1, passengerNames = new[] { "张三" }, pickUp = "区政府北门",
                destinations = new[] { "市民之家" }, start = "2026-11-02T10:00:00+08:00", end = "2026-11-02T12:00:00+08:00", urgency = "Normal",
                withDriver = false, outOfRegion = false,
            })).GetProperty("tripId").GetGuid();

        await using (var dispatcher = await FleetApi.SignInAsync(fleet, "jiangan.dispatcher"))
        {
            await dispatcher.PostAsync($"/api/trips/{trip}/dispatch", new { vehicleId = car });
            fleet.Clock.Reset(Local(9, 55));
            await dispatcher.PostAsync($"/api/trips/{trip}/start", new { odometerKm = 12000 });
            fleet.Clock.Reset(Local(11, 50));
            var track = Enumerable.Range(0, 661).Select(i => new Fleet.Domain.Positions.Position("0" + terminal, Local(9, 56) + Duration.FromSeconds(10 * i),
                Local(9, 56) + Duration.FromSeconds(10 * i + 2), 30_593_000 + i * 270, 114_305_000, 23, 108, 0, 0, 0x3u)).ToList();
            await fleet.Services.GetRequiredService<IPositionIntake>().TakeAsync(track, default);
            await dispatcher.PostAsync($"/api/trips/{trip}/finish", new { odometerKm = 12060 });
        }

        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        foreach (var phone in new[] { false, true })
        {
            var page = await fleet.SignInAsync(Supervisor, locale, phone);
            // The check runs behind the trip's finishing: the page shows it once it has.
            for (var attempt = 0; attempt < 60 && await page.Locator("#trip-track").CountAsync() == 0; attempt++)
            {
                await page.GotoAsync($"/trips/{trip}");
                if (await page.Locator("#trip-track").CountAsync() == 0) await Task.Delay(500);
            }

            var findings = await page.Locator("#track-findings").InnerTextAsync();
            findings.Should().Contain(language == "zh" ? "轨迹里程与申报不符" : "Track distance differs from the declared");
            findings.Should().Contain(language == "zh" ? "2026-11-02 09:55 至 2026-11-02 11:50：轨迹里程 19.8 公里，申报里程 60.0 公里，允许偏差 3.0 公里（核查规则第 1 版）"
                : "2026-11-02 09:55 to 2026-11-02 11:50: the track measured 19.8 km, 60.0 km were declared, 3.0 km difference allowed (thresholds version 1)");
            await Check(page, phone, language);

            for (var attempt = 0; attempt < 60; attempt++)
            {
                await page.GotoAsync("/reports/compliance?period=2026-11&kind=TrackDistanceMismatch");
                if (await page.Locator($"#flags tr[data-trip='{trip}']").CountAsync() > 0) break;
                await Task.Delay(500);
            }

            (await page.Locator($"#flags tr[data-trip='{trip}'] .evidence").InnerTextAsync()).Should()
                .Contain(language == "zh" ? "申报里程 60.0 公里" : "60.0 km were declared");
            await Check(page, phone, language);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_supervisor_lists_and_adds_geofences_on_a_page_that_fits_a_phone_and_passes_axe()
    {
        var page = await fleet.SignInAsync(Supervisor);
        await page.Locator("a[href='/positions/geofences']").First.ClickAsync();
        await page.Locator("input[name=Name]").FillAsync("某私人住址");
        await page.Locator("select[name=Kind]").SelectOptionAsync("PrivateAddress");
        await page.Locator("input[name=Shape][value=polygon]").CheckAsync();
        await page.Locator("textarea[name=Corners]").FillAsync("30.60,114.27\n30.60,114.28\n30.61,114.28");
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("电子围栏已保存");
        await Assertions.Expect(page.Locator("#geofences")).ToContainTextAsync("某私人住址");
        await Assertions.Expect(page.Locator("#geofences")).ToContainTextAsync("私人住址");
        await Assertions.Expect(page.Locator("#geofences")).ToContainTextAsync("3 个顶点的多边形");

        await page.Locator("input[name=Name]").FillAsync("太小的圆");
        await page.Locator("input[name=Latitude]").FillAsync("30.6");
        await page.Locator("input[name=Longitude]").FillAsync("114.3");
        await page.Locator("input[name=RadiusMetres]").FillAsync("5");
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("圆形半径应在 10 米到 50000 米之间");
        await Check(page, phone: false, "zh");
        await page.Context.CloseAsync();

        var english = await fleet.SignInAsync(Supervisor, "en-US", phone: true);
        await english.GotoAsync("/positions/geofences");
        await Check(english, phone: true, "en");
        await english.Context.CloseAsync();
    }

    [Fact]
    public async Task A_supervisor_draws_a_polygon_by_clicking_on_the_map_and_finds_it_in_the_list_and_on_the_map()
    {
        var page = await fleet.SignInAsync(Supervisor);
        await page.GotoAsync("/positions/geofences");
        var map = page.Locator("#geofence-map");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-state", "ready");
        var before = await map.Locator("path.geofence-shape").CountAsync();

        var name = $"地图上画的围栏{Random.Shared.Next(100_000)}";
        await page.Locator("input[name=Name]").FillAsync(name);
        await page.Locator("select[name=Kind]").SelectOptionAsync("ScenicSpot");
        await page.Locator("input[name=Shape][value=polygon]").CheckAsync();
        await Assertions.Expect(map.Locator(".draw-tools .hint")).ToContainTextAsync("依次点击多边形的各个顶点");
        var surface = map.Locator(".map");
        foreach (var (x, y) in new[] { (60, 60), (200, 70), (180, 200), (90, 220) })
            await surface.ClickAsync(new LocatorClickOptions { Position = new Position { X = x, Y = y } });
        await Assertions.Expect(map).ToHaveAttributeAsync("data-corners", "4");
        await map.Locator("button.undo").ClickAsync();
        await Assertions.Expect(map).ToHaveAttributeAsync("data-corners", "3");
        await map.Locator("button.close").ClickAsync();
        await Assertions.Expect(map.Locator("button.close")).ToBeDisabledAsync();
        await Assertions.Expect(map.Locator(".draw-tools .hint")).ToContainTextAsync("已画 3 个顶点");
        // The clicks are in the form's own field, which is what is sent.
        var corners = (await page.Locator("textarea[name=Corners]").InputValueAsync()).Split('\n');
        corners.Should().HaveCount(3).And.OnlyContain(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\d+\.\d+,\d+\.\d+$"));

        await page.Locator("#geofence-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("电子围栏已保存");
        var row = page.Locator("#geofences tbody tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("3 个顶点的多边形");
        await Assertions.Expect(row).ToContainTextAsync("风景名胜区");
        await Assertions.Expect(page.Locator("#geofence-map path.geofence-shape")).ToHaveCountAsync(before + 1);

        // Changing it shows its shape to redraw; a circle's centre is a click and its radius the field.
        await row.Locator("a", new() { HasText = "修改" }).ClickAsync();
        await Assertions.Expect(page.Locator("#geofence-map path.sketch-shape")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#geofence-map")).ToHaveAttributeAsync("data-corners", "3");
        await page.Locator("input[name=Shape][value=circle]").CheckAsync();
        await page.Locator("#geofence-map .map").ClickAsync(new LocatorClickOptions { Position = new Position { X = 150, Y = 150 } });
        (await page.Locator("input[name=Latitude]").InputValueAsync()).Should().MatchRegex(@"^\d+\.\d+$");
        (await page.Locator("input[name=RadiusMetres]").InputValueAsync()).Should().Be("200");
        await Check(page, phone: false, "zh");
        await page.Context.CloseAsync();
    }

    private static async Task Check(IPage page, bool phone, string language)
    {
        if (phone) (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, language);
        else (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"{page.Url} in {language} passes axe");
        var text = await page.Locator("main").InnerTextAsync();
        text.Should().NotMatchRegex(@"\b(track|geofences)\.[a-z_]+\b", "every word comes from the resources");
    }
}
