using Fleet.Domain.Vehicles;
using Fleet.Server.Positions.Intake;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The maps: a supervisor plays a trip's track back on the trip page (the line is drawn, the marker moves), the
/// dispatcher's map shows the cars on trips, a clerk sees no track, and the supervisors' record lists the look. No tile
/// server is configured: the maps draw on the city's base map, or on a plain background without it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrackMapTests(BrowserFleet fleet)
{
    private const string Pool = "420102";

    private static Instant At(int hour, int minute) => Instant.FromUtc(2026, 11, 2, hour, minute);

    /// <summary>A car of 江岸 with a terminal, on a self-driven trip since 09:55 local, twenty minutes of fixes reported.</summary>
    private async Task<(Guid Trip, string Plate, Guid Car)> CarOnATripAsync()
    {
        fleet.Clock.Reset(FleetApp.Start);
        string plate;
        await using (var session = fleet.Store.QuerySession(Pool))
        {
            var taken = (await session.Query<Vehicle>().Where(v => v.AnyTenant()).Select(v => v.Plate).ToListAsync()).ToHashSet();
            do plate = $"鄂A·M{Random.Shared.Next(10_000):D4}";
            while (taken.Contains(plate));
        }

        var terminal = $"1{Random.Shared.NextInt64(30_000_000_00, 99_999_999_99)}";
        Guid car;
        await using (var admin = await FleetApi.SignInAsync(fleet, "jiangan.fleetadmin"))
        {
            car = (await admin.PostAsync("/api/vehicles", new { plate, category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }))
                .GetProperty("vehicleId").GetGuid();
            await admin.PostAsync($"/api/vehicles/{car}/inspection", new { inspectedOn = "2026-10-01", validUntil = "2027-09-30" });
            await admin.PostAsync($"/api/vehicles/{car}/insurance", new { insurer = "平安", policyNumber = "P-1", validFrom = "2026-10-01", validUntil = "2027-09-30" });
            await admin.PostAsync($"/api/vehicles/{car}/terminal", new { terminal });
        }

        Guid trip;
        await using (var clerk = await FleetApi.SignInAsync(fleet, "jiangan.clerk"))
        {
            trip = (await clerk.PostAsync("/api/trips", new
            {
                purpose = "Meeting", purposeText = "安全生产检查", passengers = 1, passengerNames = new[] { "张三" }, pickUp = "区政府北门",
                destinations = new[] { "武汉港" }, start = "2026-11-02T10:00:00+08:00", end = "2026-11-02T12:00:00+08:00", urgency = "Normal",
                withDriver = false, outOfRegion = false,
            })).GetProperty("tripId").GetGuid();
        }

        await using (var dispatcher = await FleetApi.SignInAsync(fleet, "jiangan.dispatcher"))
        {
            await dispatcher.PostAsync($"/api/trips/{trip}/dispatch", new { vehicleId = car });
            fleet.Clock.Reset(At(1, 55));
            await dispatcher.PostAsync($"/api/trips/{trip}/start", new { odometerKm = 1000 });
        }

        fleet.Clock.Reset(At(2, 21));
        var fixes = Enumerable.Range(0, 121).Select(i => new Fleet.Domain.Positions.Position("0" + terminal, At(2, 0) + Duration.FromSeconds(10 * i),
            At(2, 0) + Duration.FromSeconds(10 * i + 1), 30_593_000 + i * 60, 114_305_000 + i * 45 + (i % 9) * 30, 23, 380, 45, 0, 0x3)).ToList();
        (await fleet.Services.GetRequiredService<IPositionIntake>().TakeAsync(fixes, default)).Stored.Should().Be(121);
        return (trip, plate, car);
    }

    [Fact]
    public async Task A_supervisor_plays_a_trips_track_the_dispatcher_sees_the_car_live_and_a_clerk_sees_no_track()
    {
        var (trip, plate, _) = await CarOnATripAsync();

        var page = await fleet.SignInAsync("jiangan.supervisor");
        await page.GotoAsync($"/trips/{trip}");
        var track = page.Locator("#trip-track");
        await Assertions.Expect(track).ToHaveAttributeAsync("data-state", "ready");
        await Assertions.Expect(track.Locator("path.track-line")).ToHaveCountAsync(1);
        await Assertions.Expect(track.Locator(".now")).ToContainTextAsync("2026-11-02 10:00:00");
        var before = await track.Locator("path.track-marker").GetAttributeAsync("d");
        await track.Locator("button.play").ClickAsync();
        await Assertions.Expect(track.Locator("button.play")).ToHaveTextAsync("暂停");
        await Assertions.Expect(track).Not.ToHaveAttributeAsync("data-index", "0");
        (await track.Locator("path.track-marker").GetAttributeAsync("d")).Should().NotBe(before, "the marker moves along the line");
        await Assertions.Expect(track.Locator(".now")).Not.ToContainTextAsync("10:00:00");
        await page.Context.CloseAsync();

        var clerk = await fleet.SignInAsync("jiangan.clerk");
        await clerk.GotoAsync($"/trips/{trip}");
        await Assertions.Expect(clerk.Locator("h1")).ToBeVisibleAsync();
        await Assertions.Expect(clerk.Locator("#trip-track")).ToHaveCountAsync(0);
        (await clerk.Locator("body").InnerTextAsync()).Should().NotContain("行驶轨迹");
        await clerk.Context.CloseAsync();

        var dispatcher = await fleet.SignInAsync("jiangan.dispatcher");
        await dispatcher.GotoAsync("/dispatch");
        await dispatcher.Locator("a[href='/dispatch/map']").First.ClickAsync();
        var row = dispatcher.Locator($"#cars tr[data-plate='{plate}']");
        await Assertions.Expect(row).ToContainTextAsync("出车中，前往武汉港");
        await Assertions.Expect(row).ToContainTextAsync("1 分钟前定位");
        (await row.GetAttributeAsync("data-lat")).Should().NotBeNullOrEmpty();
        await Assertions.Expect(dispatcher.Locator(".leaflet-tooltip", new() { HasText = plate })).ToBeVisibleAsync();
        await dispatcher.Context.CloseAsync();

        var supervisor = await fleet.SignInAsync("jiangan.supervisor");
        await supervisor.GotoAsync("/");
        await supervisor.Locator("a[href='/audit/track-looks']").First.ClickAsync();
        await supervisor.Locator("#month").FillAsync("2026-11");
        await supervisor.Locator("form button[type=submit]").Last.ClickAsync();
        var look = supervisor.Locator("#looks tbody tr", new() { HasText = plate });
        // The looker by the name people know them by and their role in words, never the sign-in name.
        await Assertions.Expect(look.First).ToContainTextAsync("(监管人员)");
        await Assertions.Expect(look.First).Not.ToContainTextAsync("jiangan.supervisor");
        await Assertions.Expect(look.First).ToContainTextAsync("2026-11-02 09:55 至 2026-11-02 10:21");
        await supervisor.Context.CloseAsync();
    }

    [Fact]
    public async Task A_supervisor_follows_a_cars_track_over_chosen_days_and_a_dispatcher_is_told_why_not()
    {
        var (_, plate, car) = await CarOnATripAsync();

        var supervisor = await fleet.SignInAsync("jiangan.supervisor");
        await supervisor.GotoAsync("/");
        await supervisor.Locator("a[href='/positions/track']").First.ClickAsync();
        await supervisor.Locator("select[name=vehicle]").SelectOptionAsync(new SelectOptionValue { Label = plate });
        await supervisor.Locator("input[name=from]").FillAsync("2026-11-01");
        await supervisor.Locator("input[name=to]").FillAsync("2026-11-02");
        await supervisor.Locator("#track-choice button[type=submit]").ClickAsync();

        var track = supervisor.Locator("#vehicle-track");
        await Assertions.Expect(track).ToHaveAttributeAsync("data-state", "ready");
        await Assertions.Expect(track.Locator("path.track-line")).ToHaveCountAsync(1);
        await Assertions.Expect(track.Locator("h2")).ToContainTextAsync($"{plate}：2026-11-01 00:00 至 2026-11-03 00:00");
        await Assertions.Expect(supervisor.Locator("#track-summary")).ToContainTextAsync("共 121 个定位点");
        await Assertions.Expect(supervisor.Locator("#period-trips")).ToContainTextAsync("武汉港");
        await Assertions.Expect(track.Locator(".now")).ToContainTextAsync("2026-11-02 10:00:00");
        await track.Locator("button.play").ClickAsync();
        await Assertions.Expect(track).Not.ToHaveAttributeAsync("data-index", "0");
        await supervisor.Context.CloseAsync();

        // The page's look is recorded once, like an answer of the API.
        var looks = await fleet.SignInAsync("jiangan.supervisor");
        await looks.GotoAsync("/audit/track-looks?month=2026-11");
        await Assertions.Expect(looks.Locator("#looks tbody tr", new() { HasText = "2026-11-01 00:00 至 2026-11-03 00:00" }).Filter(new() { HasText = plate }))
            .ToHaveCountAsync(1);
        await looks.Context.CloseAsync();

        var dispatcher = await fleet.SignInAsync("jiangan.dispatcher");
        (await dispatcher.Locator("a[href='/positions/track']").CountAsync()).Should().Be(0, "the menu offers dispatchers no car's track");
        var refused = await dispatcher.GotoAsync($"/positions/track?vehicle={car}&from=2026-11-02&to=2026-11-02");
        refused!.Status.Should().Be(403);
        await Assertions.Expect(dispatcher.Locator("[role=alert]")).ToContainTextAsync("调度员只能查看车辆出车期间的轨迹");
        await Assertions.Expect(dispatcher.Locator("#vehicle-track")).ToHaveCountAsync(0);
        (await dispatcher.Locator("body").InnerTextAsync()).Should().NotContain(plate);
        await dispatcher.Context.CloseAsync();
    }

    [Fact]
    public async Task The_track_the_live_map_and_the_looks_fit_a_phone_pass_axe_and_read_in_both_languages()
    {
        var (trip, _, car) = await CarOnATripAsync();
        var pages = new[] { ("jiangan.supervisor", $"/trips/{trip}", "#trip-track[data-state=ready]"), ("jiangan.dispatcher", "/dispatch/map", "#cars tbody tr"),
            ("jiangan.supervisor", "/audit/track-looks?month=2026-11", "#looks tbody tr"),
            ("jiangan.supervisor", $"/positions/track?vehicle={car}&from=2026-11-02&to=2026-11-02", "#vehicle-track[data-state=ready]") };
        foreach (var (login, path, ready) in pages)
        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        foreach (var phone in new[] { false, true })
        {
            var page = await fleet.SignInAsync(login, locale, phone);
            (await page.GotoAsync(path))!.Status.Should().Be(200);
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
            if (phone) (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, $"{path} in {language}");
            else (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"{path} in {language} passes axe");
            var text = await page.Locator("body").InnerTextAsync();
            text.Should().NotMatchRegex(@"\b(track|live|looks|vehicle_track)\.[a-z_]+\b", "every word comes from the resources");
            if (language == "en") text.Should().NotMatchRegex("[：，。]");
            await page.Context.CloseAsync();
        }
    }
}
