using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A supervisor audits October in the tiny demo city through the pages alone: how utilization is worked out, with the
/// month's numbers; the charts; the flagged trips with their evidence, filtered, searched and paged, each opening its
/// trip; the low ratings with their comments; and a driver's logbook with the cars driven. In both languages, and on a
/// phone's 390 px without the page scrolling sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupervisorPagesTests(BrowserFleet fleet)
{
    private async Task<IPage> OpenAsync(string login, string path, string locale = "zh-CN", bool phone = false)
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var page = await fleet.SignInAsync(login, locale, phone);
        (await page.GotoAsync(path))!.Status.Should().Be(200, path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    /// <summary>
    /// October 2026 begins on a Thursday: 31 days less 5 Saturdays and 4 Sundays are 22 weekdays; the city's calendar takes
    /// out the five of 国庆节 (1, 2, 5, 6 and 7 October) and adds Saturday 10 October, worked in exchange: 18 working days of
    /// 08:30–17:30.
    /// </summary>
    [Theory]
    [InlineData("zh-CN", "使用率 = 车辆出车时长 ÷ (可用车辆数 × 工作日数 × 每日工作小时)", @"本期：([\d,.]+) 小时 ÷ \((\d+) 辆 × 18 个工作日 × 9 小时\) = [\d,.]+ ÷ ([\d,.]+) 小时 = ([\d.]+)%", "节假日")]
    [InlineData("en-US", "Utilization = hours the cars were out ÷ (cars available × working days × working hours a day)",
        @"This period: ([\d,.]+) h ÷ \((\d+) cars × 18 working days × 9 h\) = [\d,.]+ ÷ ([\d,.]+) h = ([\d.]+)%", "holiday")]
    public async Task The_utilization_formula_is_shown_in_words_with_the_months_numbers(string locale, string words, string numbers, string holidays)
    {
        var page = await OpenAsync("jiangan.supervisor", "/reports?period=2026-10", locale);

        var formula = await page.Locator("#utilization-formula").InnerTextAsync();
        formula.Should().Contain(words).And.Contain(holidays, "the note says how public holidays and make-up days are counted");
        var found = Regex.Match(formula, numbers);
        found.Success.Should().BeTrue($"the formula carries the month's numbers: {formula}");
        decimal Number(int group) => decimal.Parse(found.Groups[group].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
        var (hours, cars, working, percent) = (Number(1), Number(2), Number(3), Number(4));
        cars.Should().BePositive();
        working.Should().Be(cars * 18 * 9);
        percent.Should().BeApproximately(Math.Round(hours / working * 100, 1), 0.05m);
        (await page.Locator("#totals").InnerTextAsync()).Should().Contain($"{percent:0.0}%", "the card shows the same utilization");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Counts_and_amounts_never_share_an_axis_and_no_label_is_left_out()
    {
        var page = await OpenAsync("city.supervisor", "/reports?period=2026-10");
        foreach (var (chart, axes) in new[] { ("utilization", 1), ("units", 2), ("months-trips", 1), ("months-amounts", 2), ("satisfaction", 1), ("city", 2) })
        {
            var drawn = page.Locator($"#chart-{chart}");
            (await drawn.GetAttributeAsync("data-axes")).Should().Be(axes.ToString(CultureInfo.InvariantCulture), chart);
            var option = await page.EvaluateAsync<Dictionary<string, object>>($$"""
                () => {
                    const o = echarts.getInstanceByDom(document.getElementById('chart-{{chart}}')).getOption();
                    return { interval: o.xAxis[0].axisLabel.interval, labels: o.xAxis[0].data.length,
                             axesOfSeries: new Set(o.series.map(s => s.yAxisIndex)).size, series: o.series.length };
                }
                """);
            Convert.ToInt32(option["interval"], CultureInfo.InvariantCulture).Should().Be(0, $"every label of {chart} is drawn");
            Convert.ToInt32(option["axesOfSeries"], CultureInfo.InvariantCulture).Should().Be(axes, $"each measure of {chart} has its own axis");
        }

        (await page.GotoAsync("/reports?period=2026-13"))!.Status.Should().Be(200);
        var text = await page.Locator("main").InnerTextAsync();
        Regex.Matches(text, "2026-13").Count.Should().Be(1, $"a wrong period is said once: {text}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task The_flagged_trips_are_listed_with_their_evidence_filtered_paged_and_opening_their_trip(string locale)
    {
        var page = await OpenAsync("jiangan.supervisor", "/reports?period=2026-10", locale);
        await page.Locator("a[href^='/reports/compliance?period=2026-10']").Last.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/reports/compliance", StringComparison.Ordinal));

        var rows = page.Locator("#flags tbody tr");
        (await rows.CountAsync()).Should().Be(20, "a page holds twenty flags and the month has more");
        var total = long.Parse(Regex.Match(await page.Locator("#compliance-count").InnerTextAsync(), @"\d+").Value, CultureInfo.InvariantCulture);
        total.Should().BeGreaterThan(20);
        // The month holds the tracks' findings too: a trip's open the trip, a car-day's (no trip that day) the car's track of that day.
        var ofTrips = await page.Locator("#flags tbody tr td:first-child a[href^='/trips/']").CountAsync();
        var ofDays = page.Locator("#flags tbody tr:not(:has(td:first-child a))");
        ofTrips.Should().BeGreaterThan(10, "most of a month's flags are of trips");
        (ofTrips + await ofDays.CountAsync()).Should().Be(20, "every flag of a trip opens the trip");
        (await ofDays.Locator("a[href^='/positions/track?vehicle=']").CountAsync()).Should().Be(await ofDays.CountAsync(),
            "every flag of a car's day opens the car's track of that day");
        var body = await page.Locator("#flags").InnerTextAsync();
        body.Should().NotContainAny("OutsideWorkingHours", "BeyondApprovedWindow", "NotReturnedOnTime", "LateStart", "420102\t", "{0}");
        (await page.Locator("#flags td.evidence").First.InnerTextAsync()).Should().MatchRegex(@"\d{2}:\d{2}|\d+\.\d", "the evidence quotes times or readings");

        await page.Locator("nav.pager a[rel=next]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("p=2", StringComparison.Ordinal));
        (await page.Locator("nav.pager").InnerTextAsync()).Should().MatchRegex("第 2 / \\d+ 页|Page 2 of \\d+");

        // One rule: every row names it.
        var rule = await page.Locator("select[name=kind] option").Nth(1).InnerTextAsync();
        await page.Locator("select[name=kind]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var kinds = await page.Locator("#flags tbody td[data-label]:nth-child(2)").AllInnerTextsAsync();
        kinds.Should().OnlyContain(k => k == rule);

        // A plate searched for, over a range of days: only that car's flags of those days.
        await page.GotoAsync("/reports/compliance?period=2026-10");
        var plate = await page.Locator("#flags tbody tr").First.Locator("td").Nth(3).InnerTextAsync();
        await page.Locator("input[name=period]").FillAsync("");
        await page.Locator("input[name=from]").FillAsync("2026-10-01");
        await page.Locator("input[name=to]").FillAsync("2026-10-31");
        await page.Locator("input[name=search]").FillAsync(plate);
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var plates = await page.Locator("#flags tbody tr td:nth-child(4)").AllInnerTextsAsync();
        plates.Should().NotBeEmpty().And.OnlyContain(p => p == plate);

        // One unit, chosen by its name.
        await page.GotoAsync("/reports/compliance?period=2026-10");
        var unitName = await page.Locator("#flags tbody tr").First.Locator("td").Nth(2).InnerTextAsync();
        await page.Locator("select[name=unit]").SelectOptionAsync(new SelectOptionValue { Label = unitName });
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        (await page.Locator("#flags tbody tr td:nth-child(3)").AllInnerTextsAsync()).Should().NotBeEmpty().And.OnlyContain(u => u == unitName);

        // Each row opens its trip.
        var link = page.Locator("#flags tbody tr").First.Locator("a[href^='/trips/']").First;
        var href = await link.GetAttributeAsync("href");
        await link.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith(href!, StringComparison.Ordinal));
        (await page.Locator("h1").InnerTextAsync()).Should().NotBeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_city_supervisor_filters_the_flags_by_district_named_in_words()
    {
        var page = await OpenAsync("city.supervisor", "/reports/compliance?period=2026-10");
        (await page.Locator("select[name=pool]").InnerTextAsync()).Should().Contain("江岸区").And.NotContain("420102");
        await page.Locator("select[name=pool]").SelectOptionAsync(new SelectOptionValue { Label = "江岸区" });
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        (await page.Locator("#flags tbody tr td:nth-child(3)").AllInnerTextsAsync()).Should().NotBeEmpty().And.OnlyContain(d => d == "江岸区");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("zh-CN", "低评价（1–2 星）")]
    [InlineData("en-US", "Low ratings (1-2 stars)")]
    public async Task Low_ratings_come_first_with_their_comments_and_open_their_trip(string locale, string lowHeading)
    {
        var page = await OpenAsync("jiangan.supervisor", "/reports?period=2026-10", locale);
        (await page.Locator("#low-ratings").InnerTextAsync()).Should().Contain(lowHeading);

        await page.Locator("#low-ratings a[href*='low=true']").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/reports/ratings", StringComparison.Ordinal));
        var stars = await page.Locator("#ratings tbody td:nth-child(2)").AllInnerTextsAsync();
        stars.Should().NotBeEmpty("the demo month has low ratings").And.OnlyContain(s => s.Count(c => c == '★') <= 2);
        (await page.Locator("#ratings tbody td:nth-child(3)").AllInnerTextsAsync()).Should().Contain(c => c != "—", "low ratings come with what was written");

        await page.Locator("#low-count a").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var when = await page.Locator("#ratings tbody td:nth-child(1)").AllInnerTextsAsync();
        when.Should().HaveCountGreaterThan(1).And.BeInDescendingOrder(StringComparer.Ordinal, "the latest trips come first");

        var link = page.Locator("#ratings tbody a[href^='/trips/']").First;
        var href = await link.GetAttributeAsync("href");
        await link.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith(href!, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_drivers_logbook_shows_the_cars_and_downloads_named_for_its_subject_and_month_with_years()
    {
        var page = await OpenAsync("jiangan.supervisor", "/logbook");
        await page.Locator("select[name=driverId]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("input[name=month]").FillAsync("2026-10");
        await page.Locator("form.actions button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        (await page.Locator("#logbook thead").InnerTextAsync()).Should().Contain("车辆");
        var plates = await page.Locator("#logbook tbody td[data-label='车辆']").AllInnerTextsAsync();
        plates.Should().NotBeEmpty().And.OnlyContain(p => p.StartsWith("鄂A", StringComparison.Ordinal));
        (await page.Locator("#logbook tbody td").First.InnerTextAsync()).Should().StartWith("2026-10-");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href^='/api/logbook/csv']").ClickAsync());
        download.SuggestedFilename.Should().EndWith("-2026-10.csv").And.StartWith("logbook-");
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.Split('\n')[1].Should().StartWith("2026-10-", "every day carries its year");

        await page.GotoAsync("/logbook");
        var plate = await page.Locator("select[name=vehicleId] option").Nth(1).InnerTextAsync();
        await page.Locator("select[name=vehicleId]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("input[name=month]").FillAsync("2026-10");
        await page.Locator("form.actions button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var car = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href^='/api/logbook/csv']").ClickAsync());
        car.SuggestedFilename.Should().Be($"logbook-{plate}-2026-10.csv");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("jiangan.supervisor", "/reports?period=2026-10")]
    [InlineData("city.supervisor", "/reports?period=2026-10")]
    [InlineData("jiangan.supervisor", "/reports/compliance?period=2026-10")]
    [InlineData("city.supervisor", "/reports/compliance?period=2026-10")]
    [InlineData("jiangan.supervisor", "/reports/ratings?period=2026-10")]
    public async Task Each_page_fits_a_phone_in_both_languages(string login, string path)
    {
        foreach (var locale in new[] { "zh-CN", "en-US" })
        {
            var page = await OpenAsync(login, path, locale, phone: true);
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, $"{path} in {locale}");
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"{path} in {locale} on a phone");
            await page.Context.CloseAsync();
        }
    }
}
