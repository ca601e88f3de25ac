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
/// the pages pass axe. The supervisors' geofence page lists and adds a geofence.
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

    private static async Task Check(IPage page, bool phone, string language)
    {
        if (phone) (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, language);
        else (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"{page.Url} in {language} passes axe");
        var text = await page.Locator("main").InnerTextAsync();
        text.Should().NotMatchRegex(@"\b(track|geofences)\.[a-z_]+\b", "every word comes from the resources");
    }
}
