using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// Every page each role can reach by following the links it is shown — and the signed-out visitor — opened in a plain
/// 390×844 window in both languages: it answers, fits the phone's width, speaks words, never codes, and passes axe. The pages are
/// found by walking the links, so a page added later is checked without being listed here, and a page no role can
/// reach fails the walk. What a page marks <c>translate="no"</c> — a login name, an organisation's own code — is an
/// identifier shown alike in every language and is not read as the page's words.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EveryPageTests(BrowserFleet fleet, ProvinceBrowserFleet province)
{
    private const int PhoneWidth = 390;

    private static readonly string?[] Visitors =
    [
        null, "jiangan.clerk", "jiangan.approver", "jiangan.dispatcher", "jiangan.driver", "jiangan.supervisor",
        "city.supervisor", "jiangan.fleetadmin", "city.fleetadmin",
    ];

    /// <summary>Pages answered to a form's POST only, and the page that answers in words for a refused or missing
    /// address: following them as a link means nothing. (Files — the API, the Excel exports, anything with an
    /// extension — are downloads, not pages.)</summary>
    private static readonly string[] NotLinks = ["/sign-out", "/language", "/status"];

    /// <summary>How many records of one kind are opened: enough that the actions a record offers only in some states
    /// (amend, cancel) are reached too.</summary>
    private const int RecordsOfAKind = 8;

    [Fact]
    public async Task Every_page_of_every_role_fits_a_phone_speaks_words_not_codes_and_passes_axe()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var faults = new List<string>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var checkedByAxe = new HashSet<string>(StringComparer.Ordinal);
        async Task WalkAsAsync(IPage page, string who, string locale, bool english)
        {
            await WalkAsync(page, async (template, path, status, scriptErrors) =>
            {
                reached.Add(template);
                var where = $"{who} ({locale}) {path}";
                if (scriptErrors.Count > 0) faults.Add($"{where}: script errors: {string.Join(" | ", scriptErrors)}");
                if (status != 200) faults.Add($"{where}: answered {status} to a link the page showed");
                else
                {
                    faults.AddRange((await FaultsAsync(page, english)).Select(f => $"{where}: {f}"));
                    // axe once for each page a role sees, in each language: a second record of the same page adds time, not findings.
                    if (checkedByAxe.Add($"{who}|{locale}|{template}"))
                        faults.AddRange((await PagesTests.AccessibilityViolationsAsync(page)).Select(v => $"{where}: axe {v}"));
                }
            });
            await page.Context.CloseAsync();
        }

        foreach (var (locale, english) in new[] { ("zh-CN", false), ("en-US", true) })
        {
            foreach (var visitor in Visitors)
            {
                var page = visitor is null ? await fleet.OpenAsync(locale, phone: true) : await fleet.SignInAsync(visitor, locale, phone: true);
                await WalkAsAsync(page, visitor ?? "signed out", locale, english);
            }

            // The province's supervisor, in a server of a province's cities: the pages no single city has.
            province.Clock.Reset(Fleet.Testing.FleetApp.Start);
            await WalkAsAsync(await province.SignInAsync(Fleet.Testing.ProvinceFleet.ProvinceSupervisor, locale, phone: true),
                Fleet.Testing.ProvinceFleet.ProvinceSupervisor, locale, english);
        }

        faults.Should().BeEmpty(string.Join("\n", faults.Prepend("")));
        PageTemplates().Except(NotLinks).Should().BeSubsetOf(reached, "every page is reached from the pages of some role");
    }

    [Fact]
    public void The_scan_finds_codes_on_a_Chinese_page_and_codes_or_full_width_marks_on_an_English_one()
    {
        Scan("派车 trip_dispatched 角色 Clerk 区 420103，详见 errors", [], english: false).Should().HaveCount(4);
        Scan("车型 Sedan", ["Sedan"], english: false).Should().ContainSingle();
        Scan("Purpose: meeting：visit", ["meeting"], english: true).Should().HaveCount(2);
        Scan("Role FleetAdmin", [], english: true).Should().ContainSingle();
        Scan("Dispatched to 江岸区 at 09:00; 3 trips", ["Dispatched"], english: true).Should().BeEmpty();
        Scan("已派车 2 辆，鄂A·12345（武汉站）", ["已派车"], english: false).Should().BeEmpty();
        Scan("Rating ★★★★★ 车辆整洁，驾驶员熟悉路线", [], english: true).Should().BeEmpty("a comment typed in Chinese keeps its marks");
    }

    /// <summary>Opens every page reachable from the home page by links, each route once, and looks at each while it is open.</summary>
    private static async Task WalkAsync(IPage page, Func<string, string, int, IReadOnlyList<string>, Task> look)
    {
        var visited = 0;
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/"]);
        var queued = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal) { ["/"] = ["/"] };
        while (queue.Count > 0 && visited < 120)
        {
            var url = queue.Dequeue();
            var errors = new List<string>();
            void OnConsole(object? _, IConsoleMessage message) { if (message.Type == "error") errors.Add(message.Text); }
            void OnError(object? _, string error) => errors.Add(error);
            page.Console += OnConsole;
            page.PageError += OnError;
            // Loaded, not idle: the live pages keep a connection open for the server's pushes.
            var response = await page.GotoAsync(url);
            page.Console -= OnConsole;
            page.PageError -= OnError;

            var path = new Uri(page.Url).PathAndQuery;
            var template = Template(new Uri(page.Url).AbsolutePath);
            if (!Admit(seen, template, new Uri(page.Url).AbsolutePath) && visited > 0) continue;
            visited++;
            await look(template, path, response?.Status ?? 0, errors);

            var links = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('a[href]')]
                    .filter(a => !a.hasAttribute('download') && a.origin === location.origin)
                    .map(a => a.pathname + a.search)
                """);
            foreach (var link in links)
            {
                var linkPath = link.Split('?')[0];
                if (linkPath.StartsWith("/api/", StringComparison.Ordinal) || linkPath.StartsWith("/exports/", StringComparison.Ordinal) || NotLinks.Contains(linkPath) || HasExtension(linkPath)) continue;
                if (Admit(queued, Template(linkPath), linkPath)) queue.Enqueue(link);
            }
        }
    }

    /// <summary>A page of a route without a record is opened once; of a record's route, up to a few records.</summary>
    private static bool Admit(Dictionary<string, HashSet<string>> taken, string template, string address)
    {
        var addresses = taken.TryGetValue(template, out var known) ? known : taken[template] = [];
        if (addresses.Contains(address) || addresses.Count >= (template.Contains("{id}", StringComparison.Ordinal) ? RecordsOfAKind : 1)) return false;
        return addresses.Add(address);
    }

    private static bool HasExtension(string path) => System.IO.Path.GetExtension(path) is { Length: > 0 };

    private static string Template(string path) => Guid().Replace(path, "{id}");

    private async Task<IEnumerable<string>> FaultsAsync(IPage page, bool english)
    {
        var faults = new List<string>();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (width > PhoneWidth)
        {
            var culprits = await page.EvaluateAsync<string[]>("""
                w => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > w + 0.5 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 0.5))
                    .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' →' + Math.round(e.getBoundingClientRect().right))
                """, PhoneWidth);
            faults.Add($"{width} px wide in a {PhoneWidth} px window ({string.Join(", ", culprits)})");
        }

        // What a page marks translate="no" is an identifier a person typed (a login name, an organisation's own code):
        // it is shown as it is in every language, so it is not read as the page's words.
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var identifier in await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[translate=no]')].map(e => e.innerText || e.textContent)"))
            if (identifier.Trim().Length > 0) text = text.Replace(identifier.Trim(), " ", StringComparison.Ordinal);
        var leaves = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
                .filter(e => !e.closest('[translate=no]'))
                .filter(e => e.children.length === 0 && e.offsetParent !== null || e.tagName === 'OPTION')
                .map(e => (e.textContent || '').trim()).filter(t => t.length > 0)
                .concat([...document.querySelectorAll('[title],[aria-label],[placeholder],img[alt]')]
                    .flatMap(e => ['title', 'aria-label', 'placeholder', 'alt'].map(a => e.getAttribute(a)).filter(v => v)))
            """);
        faults.AddRange(Scan(text + "\n" + string.Join("\n", leaves), leaves, english));
        return faults;
    }

    /// <summary>What a reader should never meet: on a Chinese page codes of any kind; on an English page codes and
    /// full-width punctuation. Names and places the users typed in Chinese stay as typed.</summary>
    private static List<string> Scan(string text, IReadOnlyCollection<string> leaves, bool english)
    {
        var found = new List<string>();
        foreach (Match alias in Alias().Matches(text)) found.Add($"the code \"{alias.Value}\"");
        foreach (Match name in Compound().Matches(text))
            if (EnumNames.Value.Contains(name.Value)) found.Add($"the enum name \"{name.Value}\"");
        if (english)
        {
            foreach (Match mark in FullWidthBesideLatin().Matches(text)) found.Add($"the full-width \"{mark.Value}\" in \"{Around(text, mark.Index)}\"");
            foreach (var leaf in leaves.Where(l => LowerWord().IsMatch(l) && EnumWords.Value.Contains(l)))
                found.Add($"the lowercase code word \"{leaf}\"");
        }
        else
        {
            if (ErrorsWord().IsMatch(text)) found.Add("the word \"errors\"");
            foreach (Match code in PoolCode().Matches(text)) found.Add($"the pool code {code.Value} in \"{Around(text, code.Index)}\"");
            foreach (Match word in Word().Matches(text))
                if (EnumNames.Value.Contains(word.Value) || EnumWords.Value.Contains(word.Value)) found.Add($"the English code word \"{word.Value}\"");
        }

        return found.Distinct().ToList();
    }

    private static string Around(string text, int index) =>
        text.Substring(Math.Max(0, index - 20), Math.Min(text.Length - Math.Max(0, index - 20), 40)).ReplaceLineEndings(" ");

    /// <summary>The names of the domain's code lists (licence classes excepted: 准驾车型 C1 is what a licence says).</summary>
    private static readonly Lazy<HashSet<string>> EnumNames = new(() => typeof(Fleet.Domain.Trips.TripStatus).Assembly.GetTypes()
        .Concat(typeof(Fleet.Projections.Compliance.ComplianceFlagKind).Assembly.GetTypes())
        .Where(t => t.IsEnum && t.IsPublic && t.Name != "LicenceClass")
        .SelectMany(Enum.GetNames).Where(n => n.Length > 2).ToHashSet(StringComparer.Ordinal));

    /// <summary>The same names as a program writes them in lower case (<c>meeting</c>, <c>new_energy</c>).</summary>
    private static readonly Lazy<HashSet<string>> EnumWords = new(() => EnumNames.Value
        .SelectMany(n => new[] { n.ToLowerInvariant(), Humps().Replace(n, "_$1").ToLowerInvariant() })
        .ToHashSet(StringComparer.Ordinal));

    private IEnumerable<string> PageTemplates() => fleet.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
        .Select(e => "/" + Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), @"\{id(:guid)?\}", "{id}"))
        .Distinct();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b[a-z]+(?:_[a-z]+)+\b")]
    private static partial Regex Alias();

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")]
    private static partial Regex Compound();

    [GeneratedRegex(@"\b[A-Za-z]{3,}\b")]
    private static partial Regex Word();

    [GeneratedRegex(@"^[a-z][a-z_]*$")]
    private static partial Regex LowerWord();

    [GeneratedRegex(@"(?<=[a-z])([A-Z])")]
    private static partial Regex Humps();

    /// <summary>A full-width mark next to a Latin letter or digit is the page's own (<c>Purpose：</c>, <c>meeting：…</c>);
    /// between Chinese words it belongs to what a person typed (a comment, a place) and stays.</summary>
    [GeneratedRegex(@"(?<=[A-Za-z0-9]\s?)[：，。；！？、（）【】]|[：，。；！？、（）【】](?=\s?[A-Za-z0-9])")]
    private static partial Regex FullWidthBesideLatin();

    [GeneratedRegex(@"\berrors?\b", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorsWord();

    [GeneratedRegex(@"(?<![\w\-·])4201\d{2}(?![\w\-])")]
    private static partial Regex PoolCode();
}
