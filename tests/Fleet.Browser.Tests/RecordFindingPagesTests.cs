using System.Text;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// 江岸's fleet admin, on a phone, imports the ETC company's export and the fuel-card issuer's (in GBK, as the issuer sends
/// it), each with a good row, a row the check finds fault with and a bad one; the district's supervisor then reads on the
/// trip's page that its declared tolls are not what the ETC card paid, and on the compliance list a toll charged when the
/// car made no trip, in words, in both languages, on a phone and at a desk.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordFindingPagesTests(BrowserFleet fleet)
{
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int day, int hour, int minute) => new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(Wuhan).ToInstant();

    [Fact]
    public async Task Imported_etc_and_fuel_records_show_a_trips_declared_tolls_and_a_toll_without_a_trip_in_words()
    {
        // The car and its cards are registered the day before: the Sunday's toll is charged to the card of a car that stood still.
        fleet.Clock.Reset(Local(1, 8, 0));
        var plate = $"鄂A·H{Random.Shared.Next(10_000):D4}";
        var etc = $"4201{Random.Shared.NextInt64(1_000_000_000_000_000, 9_999_999_999_999_999)}";
        var fuel = $"1000113{Random.Shared.NextInt64(100_000_000_000, 999_999_999_999)}";
        Guid car, trip;
        await using (var admin = await FleetApi.SignInAsync(fleet, "jiangan.fleetadmin"))
        {
            car = (await admin.PostAsync("/api/vehicles", new { plate, category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }))
                .GetProperty("vehicleId").GetGuid();
            await admin.PostAsync($"/api/vehicles/{car}/inspection", new { inspectedOn = "2026-10-01", validUntil = "2027-09-30" });
            await admin.PostAsync($"/api/vehicles/{car}/insurance", new { insurer = "平安", policyNumber = "P-1", validFrom = "2026-10-01", validUntil = "2027-09-30" });
            await admin.PostAsync($"/api/vehicles/{car}/fuel-figures", new { tankLitres = 55, litresPer100Km = 8 });
            await admin.PostAsync("/api/cards", new { kind = "etc", number = etc, vehicleId = car });
            await admin.PostAsync("/api/cards", new { kind = "fuel", number = fuel, vehicleId = car });
        }

        fleet.Clock.Reset(FleetApp.Start);
        await using (var clerk = await FleetApi.SignInAsync(fleet, "jiangan.clerk"))
            trip = (await clerk.PostAsync("/api/trips", new
            {
                purpose = "Meeting", purposeText = "外部记录核对演示", passengers = 1, passengerNames = new[] { "张三" }, pickUp = "区政府北门",
                destinations = new[] { "光谷会议中心" }, start = "2026-11-02T10:00:00+08:00", end = "2026-11-02T12:00:00+08:00", urgency = "Normal",
                withDriver = false, outOfRegion = false,
            })).GetProperty("tripId").GetGuid();

        await using (var dispatcher = await FleetApi.SignInAsync(fleet, "jiangan.dispatcher"))
        {
            await dispatcher.PostAsync($"/api/trips/{trip}/dispatch", new { vehicleId = car });
            fleet.Clock.Reset(Local(2, 9, 55));
            await dispatcher.PostAsync($"/api/trips/{trip}/start", new { odometerKm = 8000 });
            fleet.Clock.Reset(Local(2, 11, 50));
            await dispatcher.PostAsync($"/api/trips/{trip}/finish", new { odometerKm = 8060, fuelLitres = 20, fuelCost = 158, tolls = 50, parking = 0 });
        }

        var page = await fleet.SignInAsync("jiangan.fleetadmin", "zh-CN", phone: true);
        await page.GotoAsync("/admin/records");
        await Upload(page, "hubei-etc", "湖北ETC通行明细2026年11月.csv", Encoding.UTF8.GetBytes(
            "ETC卡号,出口时间,出口站,通行费(元)\r\n" +
            $"{etc},2026/11/02 10:40,武汉绕城高速豹澥收费站,30.00\r\n" +
            $"{etc},2026/11/01 20:10,武汉绕城高速汉口北收费站,35.00\r\n" +
            "42019999999999999999,2026/11/01 21:00,武汉绕城高速蔡甸收费站,5.00\r\n"));
        await Assertions.Expect(page.Locator("#import-summary")).ToContainTextAsync("共 3 行：导入 2 行");
        var rows = page.Locator("#import-rows tbody tr");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("已导入");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("已导入");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("卡 42019999999999999999 未登记在本车队的车辆名下");

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await Upload(page, "sinopec-fuel", "中石化加油明细2026年11月.csv", Encoding.GetEncoding("gbk").GetBytes(
            "卡号,交易时间,加油站,数量(升),金额(元)\r\n" +
            $"{fuel},2026-11-02 11:20:00,中国石化武汉友谊大道加油站,20.00,158.00\r\n" +
            $"{fuel},2026-11-02 11:25:00,中国石化武汉友谊大道加油站,二十,10.00\r\n"));
        await Assertions.Expect(page.Locator("#import-summary")).ToContainTextAsync("共 2 行：导入 1 行");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("已导入");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("“二十”不是以升计的加油量");
        await page.Context.CloseAsync();

        foreach (var (locale, phone) in new[] { ("zh-CN", true), ("en-US", false) })
        {
            var zh = locale == "zh-CN";
            var supervisor = await fleet.SignInAsync("jiangan.supervisor", locale, phone);
            await supervisor.GotoAsync($"/trips/{trip}");
            var findings = await supervisor.Locator("#record-findings").InnerTextAsync();
            findings.Should().Contain(zh ? "申报通行费与ETC记录不符" : "Declared tolls differ from the ETC records")
                .And.Contain(zh ? "申报 50.00 元，记录合计 30.00 元（1 笔）" : "50.00 yuan declared, 30.00 yuan in the records (number of records: 1)")
                .And.NotContain(zh ? "加油" : "fuel", "the fuel card paid what was declared");
            await Check(supervisor, phone, locale);

            // The list is kept by the projections behind the import: it shows the flag once they have caught up.
            var flag = supervisor.Locator("#flags tr", new PageLocatorOptions { HasText = plate });
            for (var attempt = 0; attempt < 60; attempt++)
            {
                await supervisor.GotoAsync("/reports/compliance?period=2026-11&kind=TollOutsideTrip");
                if (await flag.CountAsync() > 0) break;
                await Task.Delay(500);
            }

            (await flag.Locator(".evidence").InnerTextAsync()).Should().Contain(zh
                ? "2026-11-01 20:10 在 武汉绕城高速汉口北收费站 收费 35.00 元，不在该车任何出车时间内"
                : "2026-11-01 20:10 at 武汉绕城高速汉口北收费站: 35.00 yuan charged outside every trip of the car");
            await Check(supervisor, phone, locale);
            await supervisor.Context.CloseAsync();
        }
    }

    private static async Task Upload(IPage page, string layout, string name, byte[] content)
    {
        await page.Locator("select[name=Layout]").SelectOptionAsync(layout);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = content });
        await page.Locator("form:has(input[type=file]) button[type=submit]").ClickAsync();
    }

    private static async Task Check(IPage page, bool phone, string locale)
    {
        if (phone) (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, locale);
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"{page.Url} in {locale} passes axe");
        (await page.Locator("main").InnerTextAsync()).Should().NotMatchRegex(@"\b(records|compliance|trip)\.[a-z_]+\b", "every word comes from the resources");
    }
}
