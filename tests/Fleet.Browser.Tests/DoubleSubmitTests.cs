using Fleet.Domain.Trips;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A form is carried out once however often the browser sends it: a double click on 提交, the same form posted again
/// (a resubmit after a reload, or from the back button) and several such reposts at once file one trip. The form's
/// key is rendered with the page, so the command behind it is recorded under it by the same handler the API uses.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DoubleSubmitTests(BrowserFleet fleet)
{
    [Fact]
    public async Task A_double_click_and_reposts_of_the_request_form_file_one_trip()
    {
        fleet.Clock.Reset(new LocalDateTime(2026, 11, 9, 9, 0).InZoneStrictly(BrowserFleet.Zone).ToInstant());
        var purpose = $"重复提交检查{Guid.NewGuid():N}"[..16];
        var clerk = await fleet.SignInAsync("jiangan.clerk");
        await clerk.GotoAsync("/trips/new");
        await clerk.Locator("input[name=PurposeText]").FillAsync(purpose);
        await clerk.Locator("input[name=Start]").FillAsync("2026-11-12T09:00");
        await clerk.Locator("input[name=End]").FillAsync("2026-11-12T10:30");
        await clerk.Locator("input[name=PickUp]").FillAsync("江岸区政府办公室");
        await clerk.Locator("input[name='Destinations[0]']").FillAsync("江岸区档案馆");
        // Every field the browser would send, the form's own key and anti-forgery token included.
        var sent = await clerk.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...new FormData(document.querySelector('form.stack')).entries()].map(([k, v]) => [k, String(v)]))");
        sent.Should().ContainKey("__Submission");

        await clerk.Locator("form.stack button[type=submit]").DblClickAsync();
        await clerk.WaitForURLAsync(BrowserFleet.TripPage);
        var trip = clerk.Url;
        (await TripsNamedAsync(purpose)).Should().Be(1, "a double click sends one request");

        // The same form again, three times at once, as a browser resubmitting it would.
        var reposts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => clerk.Context.APIRequest.PostAsync("/trips/new",
            new APIRequestContextOptions { Form = FormOf(clerk, sent) })));
        reposts.Should().OnlyContain(r => r.Ok && r.Url == trip, "a repeat of a carried-out form goes on to the trip it filed");
        (await TripsNamedAsync(purpose)).Should().Be(1, "a repost of a form that was carried out files nothing new");

        // The same rendered form with other contents is not the request that was carried out: it is refused, in words.
        var edited = new Dictionary<string, string>(sent) { ["PurposeText"] = purpose + "改" };
        var refused = await clerk.Context.APIRequest.PostAsync("/trips/new", new APIRequestContextOptions { Form = FormOf(clerk, edited) });
        (await refused.TextAsync()).Should().Contain("这张表单已经提交过");
        (await TripsNamedAsync(purpose + "改")).Should().Be(0);
    }

    private static IFormData FormOf(IPage page, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Set(name, value);
        return form;
    }

    private async Task<int> TripsNamedAsync(string purpose)
    {
        await using var session = fleet.Store.QuerySession("420102");
        return await session.Query<Trip>().CountAsync(t => t.Details.PurposeText == purpose);
    }
}
