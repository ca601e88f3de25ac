using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A city supervisor checks the stored history, downloads the signed digests and the key, and later checks the
/// history against the saved file; an edited file is refused, in either language.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditIntegrityPageTests(BrowserFleet fleet)
{
    [Fact]
    public async Task A_supervisor_checks_the_history_keeps_the_signed_digests_and_checks_against_them_later()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        {
            var page = await fleet.SignInAsync("city.supervisor", locale);
            await page.GotoAsync("/audit/integrity");
            await CheckUntilIntactAsync(page, language == "zh" ? "记录完整" : "intact");

            var digests = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-digests").ClickAsync());
            digests.SuggestedFilename.Should().StartWith("fleet-audit-digests-420100-");
            var saved = await File.ReadAllTextAsync((await digests.PathAsync())!);
            var key = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-key").ClickAsync());
            var savedKey = JsonNode.Parse(await File.ReadAllTextAsync((await key.PathAsync())!))!;
            savedKey["keyId"]!.GetValue<string>().Should().Be(JsonNode.Parse(saved)!["keyId"]!.GetValue<string>());
            (await page.Locator("#key-id").InnerTextAsync()).Should().Be(savedKey["keyId"]!.GetValue<string>());

            await UploadAsync(page, saved);
            (await page.Locator("#verification h2").InnerTextAsync()).Should().Contain(language == "zh" ? "与摘要文件一致" : "matches the file");
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
            await fleet.ScreenshotAsync(page, $"audit-integrity.{language}");

            var edited = JsonNode.Parse(saved)!;
            edited["digests"]![0]!["link"] = new string('0', 64);
            await UploadAsync(page, edited.ToJsonString());
            (await page.Locator("#verification").CountAsync()).Should().Be(0, "an edited file is refused before anything is compared");
            (await page.Locator("input[type=file]").GetAttributeAsync("aria-invalid")).Should().Be("true");
            (await page.Locator("form.stack").InnerTextAsync()).Should().Contain(language == "zh" ? "导出后曾被修改" : "changed after it was exported");
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_supervisor_on_a_phone_runs_a_full_check_then_a_quick_one_from_the_signed_checkpoint_and_follows_each()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        {
            var page = await fleet.SignInAsync("city.supervisor", locale, phone: true);
            await page.GotoAsync("/audit/integrity");
            await CheckUntilIntactAsync(page, language == "zh" ? "记录完整" : "intact");

            await page.Locator("#from-start").CheckAsync();
            var shown = await StartAsync(page);
            (await shown.InnerTextAsync()).Should().Contain(language == "zh" ? "从第一条记录起完整核验" : "full run");
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
            await FitsAPhoneAsync(page, language);

            await StartAsync(page);
            var said = await page.Locator("#verification h2").InnerTextAsync();
            said.Should().Contain(language == "zh" ? "的已签名检查点起核验了" : "since the signed checkpoint of",
                "the full run signed a checkpoint, and the quick run starts there");
            (await page.Locator("#verified-chains tbody tr").CountAsync()).Should().BeGreaterThan(1, "each chain says where it started");
            (await page.Locator("#verification-finished").InnerTextAsync()).Should().MatchRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}");
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
            await FitsAPhoneAsync(page, language);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Starts a check and follows it: the page shows its progress while it runs — the bars and figures the page's script
    /// moves on — and its result once it has finished. Returns the result's headline.
    /// </summary>
    private static async Task<ILocator> StartAsync(IPage page)
    {
        await page.RunAndWaitForResponseAsync(() => page.Locator("#check").ClickAsync(),
            r => r.Request.Method == "GET" && r.Url.EndsWith("/audit/integrity", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        string? progress = null;
        try
        {
            if (await page.Locator("#progress").CountAsync() > 0)
                progress = await page.Locator("#progress-summary").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 2_000 });
        }
        catch (Exception gone) when (gone is TimeoutException or PlaywrightException)
        {
            // It finished, and the page's script loaded the result, between two looks.
        }

        progress?.Should().MatchRegex(@"\d+%", "while it runs, the page says how far it has got");

        var headline = page.Locator("#verification h2");
        await headline.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        return headline;
    }

    private static async Task FitsAPhoneAsync(IPage page, string language) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, $"the page fits a phone in {language}");

    /// <summary>The chain follows the stored events within seconds of the demo city's load.</summary>
    private static async Task CheckUntilIntactAsync(IPage page, string intact)
    {
        for (var attempt = 0; ; attempt++)
        {
            var said = await (await StartAsync(page)).InnerTextAsync();
            if (said.Contains(intact) || attempt == 30)
            {
                said.Should().Contain(intact, "the chain verifies; the page said: {0}", await page.Locator("#verification").InnerTextAsync());
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task UploadAsync(IPage page, string json)
    {
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "digests.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(json),
        });
        await page.Locator("#verify-file").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
