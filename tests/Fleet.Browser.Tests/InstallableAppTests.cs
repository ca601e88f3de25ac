using System.Text.Json;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>A phone can put Fleet on its home screen: every page links the web app manifest, which anybody may fetch.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InstallableAppTests(BrowserFleet fleet)
{
    [Fact]
    public async Task The_manifest_is_linked_from_the_pages_and_served_to_anybody_as_a_manifest()
    {
        var page = await fleet.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fleet.BaseUrl });
        await page.GotoAsync("/sign-in");
        (await page.Locator("link[rel=manifest]").GetAttributeAsync("href")).Should().Be("/manifest.webmanifest");

        var response = await page.APIRequest.GetAsync("/manifest.webmanifest");
        response.Status.Should().Be(200, "the manifest is fetched before anybody signs in");
        response.Headers["content-type"].Should().StartWith("application/manifest+json");
        var manifest = JsonDocument.Parse(await response.TextAsync()).RootElement;
        manifest.GetProperty("name").GetString().Should().Be("公务用车");
        manifest.GetProperty("display").GetString().Should().Be("standalone");
        manifest.GetProperty("start_url").GetString().Should().Be("/");
        var icons = manifest.GetProperty("icons").EnumerateArray().ToList();
        icons.Should().Contain(i => i.GetProperty("sizes").GetString() == "192x192").And.Contain(i => i.GetProperty("sizes").GetString() == "512x512");
        foreach (var icon in icons)
        {
            var image = await page.APIRequest.GetAsync(icon.GetProperty("src").GetString()!);
            image.Status.Should().Be(200, $"{icon.GetProperty("src")} is served");
            image.Headers["content-type"].Should().Be(icon.GetProperty("type").GetString());
        }

        // The browser itself reads it without complaint: the page's content policy lets the manifest through.
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.ReloadAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        errors.Should().BeEmpty();
        await page.CloseAsync();
    }
}
