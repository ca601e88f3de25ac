using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// Every main page as its users see it, in 简体中文 and English: it loads, speaks the chosen language with no
/// untranslated key left, labels every field, and is photographed for the user guides.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PagesTests(BrowserFleet fleet)
{
    public static TheoryData<string, string, string, bool> Pages => new()
    {
        { "jiangan.clerk", "/", "home-clerk", false },
        { "jiangan.clerk", "/trips/new", "request", false },
        { "jiangan.clerk", "/trips", "trips", false },
        { "jiangan.clerk", "/trips?status=Closed", "trips-phone", true },
        { "jiangan.dispatcher", "/trips?search=420102", "trips-dispatcher", false },
        { "jiangan.approver", "/approvals", "approvals", false },
        { "jiangan.dispatcher", "/dispatch", "dispatch", false },
        { "jiangan.driver", "/driver", "driver", true },
        { "jiangan.supervisor", "/reports?period=2026-10", "reports", false },
        { "city.supervisor", "/reports?period=2026-10", "reports-city", false },
        { "jiangan.supervisor", "/reports/compliance?period=2026-10", "compliance", false },
        { "city.supervisor", "/reports/compliance?period=2026-10", "compliance-city", false },
        { "jiangan.supervisor", "/reports/ratings?period=2026-10", "ratings", false },
        { "jiangan.supervisor", "/logbook", "logbook", false },
        { "jiangan.supervisor", "/audit?login=jiangan.dispatcher", "audit", false },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_main_page_reads_in_both_languages_with_labelled_fields(string login, string path, string name, bool phone)
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        {
            var page = await fleet.SignInAsync(login, locale, phone);
            // Whatever the page itself runs — its scripts, the charts — works under its content policy, without errors.
            var errors = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
            page.PageError += (_, error) => errors.Add(error);
            var response = await page.GotoAsync(path);
            response!.Status.Should().Be(200, $"{path} as {login}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            errors.Should().BeEmpty($"{path} as {login} runs without errors or content-policy refusals");

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
            (await AccessibilityViolationsAsync(page)).Should().BeEmpty($"{path} in {language} passes the WCAG 2 A and AA rules axe checks");

            await fleet.ScreenshotAsync(page, $"{name}.{language}");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_page_the_role_may_not_see_or_that_does_not_exist_says_so_in_the_readers_language()
    {
        var page = await fleet.SignInAsync("jiangan.dispatcher");
        var forbidden = await page.GotoAsync("/trips/new");
        forbidden!.Status.Should().Be(403);
        (await page.Locator("[role=alert]").InnerTextAsync()).Should().Contain("无权");
        var missing = await page.GotoAsync("/no-such-page");
        missing!.Status.Should().Be(404);
        (await page.Locator("a.button[href='/']").CountAsync()).Should().Be(1, "the way back home is offered");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_form_posted_from_elsewhere_without_the_pages_token_is_refused()
    {
        var page = await fleet.SignInAsync("jiangan.clerk");
        // The browser's own cookie goes along, as it would from a hostile site's form; the antiforgery token does not.
        var forged = await page.Context.APIRequest.PostAsync($"/trips/{Guid.NewGuid()}/cancel", new APIRequestContextOptions
        {
            Form = page.Context.APIRequest.CreateFormData().Append("reason", "forged"),
        });
        forged.Status.Should().Be(400);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_accessibility_check_does_find_faults()
    {
        var page = await fleet.Browser.NewPageAsync();
        await page.SetContentAsync("""
            <html lang="en"><head><title>t</title></head><body><main><p style="color:#ddd;background:#fff">faint</p><input name="x"></main></body></html>
            """);
        (await AccessibilityViolationsAsync(page)).Should().Contain(v => v.StartsWith("color-contrast", StringComparison.Ordinal))
            .And.Contain(v => v.StartsWith("label", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe.min.js")));

    /// <summary>What axe-core finds against WCAG 2 A/AA (contrast, names, labels, landmarks…), one line per rule.</summary>
    public static async Task<string[]> AccessibilityViolationsAsync(IPage page)
    {
        // Evaluated by the browser's debugger rather than added as a script element, which the pages' content policy
        // (script-src 'self') rightly blocks: the pages are checked as they are served.
        await page.EvaluateAsync(AxeSource.Value);
        return await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations
                .map(v => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0].target.join(' ')}`)
            """);
    }

    [GeneratedRegex(@"\b(?:nav|home|trip|trips|request|approvals|dispatch|driver|reports|logbook|audit|admin|signin|common|order|export|compliance|ratings)\.[a-z_]+\b")]
    private static partial Regex UntranslatedKey();
}
