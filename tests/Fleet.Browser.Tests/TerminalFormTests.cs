using Fleet.Domain.Vehicles;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The fleet admin fits a satellite terminal to a car, swaps it and takes it off again on the car's record page, with
/// mistakes shown next to the field; the page with a terminal fits a phone, passes axe and reads in both languages.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TerminalFormTests(BrowserFleet fleet)
{
    private const string Admin = "jiangan.fleetadmin";
    private const string Pool = "420102";

    [Fact]
    public async Task A_terminal_is_bound_replaced_and_unbound_on_the_vehicle_page()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var car = await RegisterVehicleAsync();
        var first = Terminal();
        var second = Terminal();
        var page = await fleet.SignInAsync(Admin);
        await page.GotoAsync($"/admin/vehicles/{car}");
        await Assertions.Expect(page.Locator("#terminal")).ToContainTextAsync("未安装");

        var bind = page.Locator("form[action*='handler=BindTerminal']");
        await bind.Locator("input[name=terminal]").FillAsync("12345");
        await bind.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#error-bind-terminal")).ToContainTextAsync("不是终端号码");

        bind = page.Locator("form[action*='handler=BindTerminal']");
        await bind.Locator("input[name=terminal]").FillAsync($"{first[..3]} {first[3..7]} {first[7..]}");
        await bind.Locator("input[name=model]").FillAsync("R-Watch C6D");
        await bind.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("车载终端已绑定");
        await Assertions.Expect(page.Locator("#terminal")).ToContainTextAsync("0" + first);
        await Assertions.Expect(page.Locator("#terminal")).ToContainTextAsync("R-Watch C6D");
        (await TerminalAsync(car)).Should().Be("0" + first);

        var replace = page.Locator("form[action*='handler=ReplaceTerminal']");
        await replace.Locator("input[name=terminal]").FillAsync(second);
        await replace.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#error-replace-reason")).ToBeVisibleAsync();
        replace = page.Locator("form[action*='handler=ReplaceTerminal']");
        await replace.Locator("input[name=terminal]").FillAsync(second);
        await replace.Locator("input[name=reason]").FillAsync("终端损坏，更换新终端");
        await replace.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("车载终端已更换");
        await Assertions.Expect(page.Locator("#terminal")).ToContainTextAsync("0" + second);

        var unbind = page.Locator("form[action*='handler=UnbindTerminal']");
        await unbind.Locator("input[name=reason]").FillAsync("车辆调出前拆除");
        page.Dialog += Accept;
        await unbind.Locator("button[type=submit]").ClickAsync();
        page.Dialog -= Accept;
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("车载终端已解除绑定");
        await Assertions.Expect(page.Locator("#terminal")).ToContainTextAsync("未安装");
        (await TerminalAsync(car)).Should().BeNull();

        // The car's history names each step in words, with the numbers and the reasons.
        await page.Locator($"a[href='/audit?record={car}']").ClickAsync();
        var history = page.Locator("body");
        await Assertions.Expect(history).ToContainTextAsync("绑定车载终端");
        await Assertions.Expect(history).ToContainTextAsync("更换车载终端");
        await Assertions.Expect(history).ToContainTextAsync("解除车载终端绑定");
        await Assertions.Expect(history).ToContainTextAsync("0" + second);
        await Assertions.Expect(history).ToContainTextAsync("终端损坏，更换新终端");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_of_a_car_with_a_terminal_fits_a_phone_passes_axe_and_reads_in_both_languages()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var car = await RegisterVehicleAsync();
        await using (var api = await FleetApi.SignInAsync(fleet, Admin))
            await api.PostAsync($"/api/vehicles/{car}/terminal", new { terminal = Terminal(), imei = "861234567890123", model = "R-Watch C6D" });

        foreach (var (locale, language) in new[] { ("zh-CN", "zh"), ("en-US", "en") })
        {
            foreach (var phone in new[] { false, true })
            {
                var page = await fleet.SignInAsync(Admin, locale, phone);
                (await page.GotoAsync($"/admin/vehicles/{car}"))!.Status.Should().Be(200);
                await Assertions.Expect(page.Locator("form[action*='handler=ReplaceTerminal']")).ToBeVisibleAsync();
                if (phone) (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, language);
                else (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"the page in {language} passes axe");
                var text = await page.Locator("body").InnerTextAsync();
                text.Should().NotMatchRegex(@"\badmin\.[a-z_]+\b", "every word comes from the resources");
                text.Should().Contain(language == "zh" ? "更换车载终端" : "Replace the terminal");
                if (language == "en") text.Should().NotMatchRegex("[：，。]");
                await page.Context.CloseAsync();
            }
        }
    }

    private static string Terminal() => $"1{Random.Shared.NextInt64(30_000_000_00, 99_999_999_99)}";

    private async Task<Guid> RegisterVehicleAsync()
    {
        string plate;
        await using (var session = fleet.Store.QuerySession(Pool))
        {
            var taken = (await session.Query<Vehicle>().Where(v => v.AnyTenant()).Select(v => v.Plate).ToListAsync()).ToHashSet();
            do plate = $"鄂A·K{Random.Shared.Next(10_000):D4}";
            while (taken.Contains(plate));
        }

        await using var api = await FleetApi.SignInAsync(fleet, Admin);
        var created = await api.PostAsync("/api/vehicles", new { plate, category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" });
        return created.GetProperty("vehicleId").GetGuid();
    }

    private async Task<string?> TerminalAsync(Guid car)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        return (await session.LoadAsync<Vehicle>(car))?.Terminal?.Number;
    }

    private static async void Accept(object? sender, IDialog dialog) => await dialog.AcceptAsync();
}
