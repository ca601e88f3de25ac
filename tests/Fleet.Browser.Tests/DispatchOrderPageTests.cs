using Fleet.Domain.Trips;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The dispatcher prints the 派车单 of a dispatched trip from the trip's page: every fact of the order on one sheet,
/// a QR code of the trip's address, readable on a phone and clean for print; and a list goes to Excel with its filters.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DispatchOrderPageTests(BrowserFleet fleet)
{
    private async Task<Trip> DispatchedTripAsync()
    {
        await using var session = fleet.Store.QuerySession("420102");
        return (await session.Query<Trip>().Where(t => t.Order != null && t.Assignment != null && t.Assignment.DriverId != null)
            .OrderBy(t => t.Details.Start).Take(1).ToListAsync()).Single();
    }

    [Fact]
    public async Task The_dispatcher_opens_the_order_from_the_trip_and_finds_every_fact_and_the_trips_address_in_its_code()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var trip = await DispatchedTripAsync();
        var page = await fleet.SignInAsync("jiangan.dispatcher");
        await page.GotoAsync($"/trips/{trip.Id}");
        await page.Locator("#order-link").ClickAsync();
        await page.WaitForURLAsync($"**/trips/{trip.Id}/order");

        (await page.Locator("#order-number").InnerTextAsync()).Should().Be(trip.Order!.Text);
        (await page.Locator("#order-car").InnerTextAsync()).Should().Be(trip.Assignment!.Plate);
        (await page.Locator("#order-driver").InnerTextAsync()).Should().Be(trip.Assignment.DriverName);
        (await page.Locator("#order-purpose").InnerTextAsync()).Should().Be(trip.Details.PurposeText);
        (await page.Locator("#order-destinations").InnerTextAsync()).Should().Be(string.Join("、", trip.Details.Destinations));
        (await page.Locator("#order-pickup").InnerTextAsync()).Should().Be(trip.Details.PickUp);
        (await page.Locator("#order-unit").InnerTextAsync()).Should().NotBeEmpty().And.NotBe(trip.UnitCode, "the unit is named");
        (await page.Locator("#order-requester").InnerTextAsync()).Should().NotBeEmpty();
        (await page.Locator("#order-dispatcher").InnerTextAsync()).Should().NotBe("—", "the order names who dispatched it");
        (await page.Locator("#order-approval").InnerTextAsync()).Trim().Should().NotBeEmpty();
        (await page.Locator(".order-signatures .sign-line").CountAsync()).Should().Be(6);

        var qr = page.Locator("#order-qr");
        (await qr.GetAttributeAsync("data-payload")).Should().Be($"{fleet.BaseUrl.TrimEnd('/')}/trips/{trip.Id}", "the code holds the trip page's absolute address");
        (await qr.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0")).Should().BeGreaterThan(100, "the code is drawn by the server as an image");
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        (await page.Locator(".order-tools").IsVisibleAsync()).Should().BeFalse("the print button and links stay off the paper");
        (await page.Locator("header.top").IsVisibleAsync()).Should().BeFalse("the navigation stays off the paper");
        (await page.Locator("#dispatch-order").IsVisibleAsync()).Should().BeTrue();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_order_reads_on_a_phone_in_both_languages_and_is_not_found_by_another_district()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var trip = await DispatchedTripAsync();
        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        {
            var page = await fleet.SignInAsync("jiangan.dispatcher", locale, phone: true);
            var errors = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
            page.PageError += (_, error) => errors.Add(error);
            (await page.GotoAsync($"/trips/{trip.Id}/order"))!.Status.Should().Be(200);
            errors.Should().BeEmpty("the page and its print script run under the content policy");
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, $"the order fits a phone in {language}");
            var text = await page.Locator("body").InnerTextAsync();
            text.Should().NotMatchRegex(@"\b(?:order|trip|trips|dispatch|request)\.[a-z_]+\b", "every word comes from the resources");
            // The trip's own words (purpose, places, names) are as the clerk wrote them; the order's words are checked.
            var labels = string.Join(" ", await page.Locator("th, figcaption, .order-signatures, .order-number, .order-tools, #order-approval").AllInnerTextsAsync());
            if (language == "en") labels.Should().NotMatchRegex("[：，。、]", "the English order has no Chinese punctuation");
            else text.Should().Contain("派车单");
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"the order in {language} passes axe");
            await fleet.ScreenshotAsync(page, $"dispatch-order-phone.{language}");
            await page.Context.CloseAsync();

            var desk = await fleet.SignInAsync("jiangan.dispatcher", locale);
            await desk.GotoAsync($"/trips/{trip.Id}/order");
            await fleet.ScreenshotAsync(desk, $"dispatch-order.{language}");
            await desk.Context.CloseAsync();
        }

        var other = await fleet.SignInAsync("jianghan.dispatcher");
        (await other.GotoAsync($"/trips/{trip.Id}/order"))!.Status.Should().Be(404);
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task The_trips_list_goes_to_excel_with_its_filters()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var page = await fleet.SignInAsync("jiangan.dispatcher");
        await page.GotoAsync("/trips?status=Closed&from=2026-10-01&to=2026-10-31");
        var link = page.Locator("a.export-link");
        (await link.GetAttributeAsync("href")).Should().Be("/exports/trips?status=Closed&from=2026-10-01&to=2026-10-31");
        await fleet.ScreenshotAsync(page, "trips-export.zh");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        download.SuggestedFilename.Should().Be("出车记录-2026-10.xlsx");
        var listed = int.Parse(System.Text.RegularExpressions.Regex.Match(await page.Locator("#trips-count").InnerTextAsync(), @"\d+").Value);
        listed.Should().BeGreaterThan(0, "the demo city closed trips in October");
        var rows = MiniExcelLibs.MiniExcel.Query(await download.PathAsync(), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX).Count();
        rows.Should().Be(listed, "the workbook holds every trip the filters find, not only the first page");
        await page.Context.CloseAsync();
    }
}
