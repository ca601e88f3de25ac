using Fleet.Samples.DemoHost;
using Fleet.Samples.DemoCity;
using Fleet.Testing;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Fleet.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A Fleet server listening on a real loopback port, as Program.cs assembles it, and Debian's Chromium driven by Playwright —
/// never a downloaded browser. What the server holds is the fixture's: the demo city (<see cref="BrowserFleet"/>) or a province
/// of cities (<see cref="ProvinceBrowserFleet"/>).
/// </summary>
public abstract class ChromiumFleet : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private WebApplication _app = null!;

    public FakeClock Clock { get; } = new(FleetApp.Start);

    public string BaseUrl { get; private set; } = "";
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IDocumentStore Store => _app.Services.GetRequiredService<IDocumentStore>();
    public IServiceProvider Services => _app.Services;

    /// <summary>The password of every account a test signs in with.</summary>
    protected abstract string Password { get; }

    public abstract Task InitializeAsync();

    /// <summary>Starts the server with the browser tests' settings, <paramref name="settings"/> taking precedence, and Chromium.</summary>
    protected async Task StartAsync(IDictionary<string, string?> settings)
    {
        // The server as Program.cs assembles it, on a real loopback port: Chromium needs a socket, not a test server.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = "Fleet.Server",
            ContentRootPath = Path.Combine(TestRepository.Root, "src", "Fleet.Server"),
        });
        builder.Configuration.AddInMemoryCollection(settings.Concat(new Dictionary<string, string?>
        {
            ["Fleet:Projections:DaemonMode"] = "Solo",
            ["Fleet:Audit:SigningKeyFile"] = FleetApp.AuditSigningKeyFile,
            // A finished trip's track is checked at once, not after the minutes a terminal's last upload may take.
            ["Fleet:Positions:TripCheckAfter"] = "00:00:00",
            ["Fleet:Positions:LateCheckAfter"] = "00:00:00",
            ["Fleet:Authentication:PasswordHashIterations"] = "1000",
            ["Fleet:Authentication:SignInsPerMinute"] = "10000",
            ["Fleet:RateLimits:BookingsPerMinute"] = "10000",
            // Timers scheduled at fake times are due at once in real time; they must not close the test's trips.
            ["Fleet:Trips:AutoCloseAfter"] = "30.00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        }.Where(pair => !settings.ContainsKey(pair.Key))));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddFleet(new DemoModule());
        builder.Services.Replace(ServiceDescriptor.Singleton<NodaTime.IClock>(Clock));
        _app = builder.Build();
        _app.UseFleet();
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        // Root may not sandbox Chromium; the pages it opens are the test's own.
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    private static readonly System.Text.RegularExpressions.Regex SignInAddress = new("/sign-in");

    /// <summary>A fresh browser signed in, in Chinese unless told otherwise; a phone's screen for drivers.</summary>
    public async Task<IPage> SignInAsync(string login, string locale = "zh-CN", bool phone = false)
    {
        var page = await OpenAsync(locale, phone);
        await page.GotoAsync("/sign-in");
        await page.Locator("input[name=loginName]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync(Password);
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        // Signed in once the browser has left the sign-in page: the caller goes on to the page it tests, and the home page's
        // own loading is tested where the home page is. Only the address is polled: WaitForURL, when the address has
        // already changed, waits for the home page's load event whatever WaitUntil says.
        await Microsoft.Playwright.Assertions.Expect(page).Not.ToHaveURLAsync(SignInAddress, new() { Timeout = 30_000 });
        return page;
    }

    /// <summary>A fresh browser signed in as nobody, on no page yet; a phone's plain 390×844 window when asked.</summary>
    public async Task<IPage> OpenAsync(string locale = "zh-CN", bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            TimezoneId = "Asia/Shanghai",
        });
        return await context.NewPageAsync();
    }

    /// <summary>Where the screenshots go: the user guides show them, so they are taken where the guides live.</summary>
    public static string Screenshots => Path.Combine(TestRepository.Root, "docs", "guide", "screenshots");

    public async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        // The whole page, but a long list only as far as a reader of the guide needs to see it.
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        var width = page.ViewportSize!.Width;
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Screenshots, name + ".png"),
            FullPage = true,
            Clip = new Clip { X = 0, Y = 0, Width = width, Height = Math.Min(height, 1800) },
        });
    }

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// The browser tests' server with the tiny demo city (a month of history up to the fake clock's now) in one database.
/// </summary>
public sealed class BrowserFleet : ChromiumFleet
{
    private string _connectionString = "";

    /// <summary>The SMS gateway the server is configured with: down for maintenance, as a real one sometimes is.</summary>
    public TestHttpReceiver SmsGateway { get; private set; } = null!;

    /// <summary>A trip's own page, where a request lands once it is sent.</summary>
    public static readonly System.Text.RegularExpressions.Regex TripPage = new(@"/trips/[0-9a-f]{8}-[0-9a-f-]{27}$");

    protected override string Password => DemoCityGenerator.Password;

    public override async Task InitializeAsync()
    {
        _connectionString = TestPostgres.CreateDatabase("browser");
        SmsGateway = await TestHttpReceiver.StartAsync();
        SmsGateway.Answer("/sms", Reply.Status(503, "{\"error\":\"gateway under maintenance\"}"));
        await StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = _connectionString,
            ["Fleet:Demo:Enabled"] = "true",
            ["Fleet:Demo:Size"] = DemoCitySize.Tiny.Name,
            ["Fleet:Demo:Seed"] = "7",
            // One quick second try, then parked: the delivery log shows the channel down within the test.
            ["Fleet:Notifications:Sms:Url"] = SmsGateway.Url("/sms").AbsoluteUri,
            ["Fleet:Notifications:RetryAfter:0"] = "00:00:00.2",
        });
        await TestCalendars.PublishLaterYearsAsync(Store, FleetApp.CityPool);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await SmsGateway.DisposeAsync();
        TestPostgres.DropDatabase(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFleet>, ICollectionFixture<ProvinceBrowserFleet>
{
    public const string Name = "browser";
}
