using System.Text;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>A fleet admin uploads a paper logbook and sees what became of each row, in either language.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportPageTests(BrowserFleet fleet)
{
    [Fact]
    public async Task An_uploaded_logbook_reports_its_rows_and_a_second_upload_adds_nothing()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        string plate, driver;
        await using (var session = fleet.Store.QuerySession("420102"))
        {
            plate = (await session.Query<Vehicle>().FirstAsync()).Plate;
            // A row names its driver as the registry does; a name two drivers share would be refused.
            driver = (await session.Query<Fleet.Domain.Drivers.Driver>().ToListAsync()).GroupBy(d => d.Name).First(g => g.Count() == 1).Key;
        }
        var csv = "日期,车牌号,派车单号,用车单位,事由,驾驶员,出车时间,回场时间,出车里程,回场里程,加油量,费用\r\n" +
                  $"2026-10-04,{plate},,江岸区政府办公室,夜间应急送件,{driver},02:00,03:00,1,12,,\r\n" +
                  $"2026-10-04,{plate},,江岸区政府办公室,重复登记,{driver},02:30,03:30,12,20,,\r\n";

        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        {
            var page = await fleet.SignInAsync("jiangan.fleetadmin", locale);
            await page.GotoAsync("/admin/import");
            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "江岸2026年10月.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
            });
            await page.Locator("form.stack button[type=submit]").ClickAsync();
            var heading = await page.Locator("h2").InnerTextAsync();
            heading.Should().Contain(language == "zh" ? "共 2 行" : "2 rows");
            (await page.Locator("#rejected tbody tr").CountAsync()).Should().Be(1, "the second row overlaps the first");
            (await page.Locator("#rejected").InnerTextAsync()).Should().Contain(plate);
            if (language == "en") heading.Should().Contain("imported before", "the same file is not imported twice");
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
            await fleet.ScreenshotAsync(page, $"admin-import.{language}");
            await page.Context.CloseAsync();
        }
    }
}
