using System.Text;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A district's fleet admin, on a phone, registers a fuel card to a car and imports a parking operator's file, reading
/// what became of each row in Chinese; the same file uploaded again in English adds nothing and says why in English.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordsPageTests(BrowserFleet fleet)
{
    private const string Admin = "jianghan.fleetadmin";

    [Fact]
    public async Task An_admin_registers_a_card_and_imports_a_parking_file_reading_each_rows_fate()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        string plate;
        await using (var session = fleet.Store.QuerySession("420103"))
            plate = (await session.Query<Vehicle>().Where(v => v.Status == VehicleStatus.InService).FirstAsync()).Plate;
        var lot = $"江汉路停车场{Random.Shared.Next(1000, 9999)}";
        var csv = "车牌号码,停车场,入场时间,离场时间,实收金额\r\n" +
                  $"{plate},{lot},2026-10-20 09:00,2026-10-20 10:00,15.00\r\n" +
                  $"鄂A·Z9999,{lot},2026-10-20 09:00,2026-10-20 10:00,15.00\r\n" +
                  $"{plate},{lot},2026年10月21日,2026年10月21日,15.00\r\n";
        var file = new FilePayload { Name = "停车2026年10月.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) };

        var page = await fleet.SignInAsync(Admin, "zh-CN", phone: true);
        await page.GotoAsync("/");
        await page.Locator("nav a[href='/admin/records']").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("外部记录：加油卡、ETC、停车");

        var number = $"1000113377{Random.Shared.Next(100_000, 999_999)}";
        await page.Locator("select[name=Kind]").SelectOptionAsync("Fuel");
        await page.Locator("input[name=Number]").FillAsync(number);
        await page.Locator("form:has(input[name=Number]) select[name=VehicleId]").SelectOptionAsync(new SelectOptionValue { Label = plate });
        await page.Locator("form:has(input[name=Number]) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("卡已登记到车辆");
        await Assertions.Expect(page.Locator("#cards tbody tr", new PageLocatorOptions { HasText = number })).ToContainTextAsync(plate);

        await page.Locator("select[name=Layout]").SelectOptionAsync("wuhan-parking");
        await page.Locator("input[type=file]").SetInputFilesAsync(file);
        await page.Locator("form:has(input[type=file]) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#import-summary")).ToContainTextAsync("共 3 行：导入 1 行");
        var rows = page.Locator("#import-rows tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("已导入");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("鄂A·Z9999 不是本车队的车辆");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("不是版式规定格式");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
        await fleet.ScreenshotAsync(page, "admin-records.zh");
        await page.Context.CloseAsync();

        var english = await fleet.SignInAsync(Admin, "en-US");
        await english.GotoAsync("/admin/records");
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Records from outside: fuel cards, ETC, parking");
        await english.Locator("select[name=Layout]").SelectOptionAsync("wuhan-parking");
        await english.Locator("input[type=file]").SetInputFilesAsync(file);
        await english.Locator("form:has(input[type=file]) button[type=submit]").ClickAsync();
        await Assertions.Expect(english.Locator("#import-summary")).ToContainTextAsync("imported before and nothing was added");
        await Assertions.Expect(english.Locator("#import-rows tbody tr").Nth(1)).ToContainTextAsync("is not a vehicle of this pool");
        (await PagesTests.AccessibilityViolationsAsync(english)).Should().BeEmpty();
        await fleet.ScreenshotAsync(english, "admin-records.en");
        await english.Context.CloseAsync();
    }
}
