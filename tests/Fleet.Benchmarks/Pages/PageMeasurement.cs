using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fleet.Domain.People;
using Fleet.Samples.DemoCity;
using Fleet.Samples.DemoHost;
using Fleet.Testing;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fleet.Benchmarks.Pages;

/// <summary>
/// Every page each role sees, through the whole server, over the demo city with a short and a long history: the same
/// fleet (the city's 300 cars and 352 drivers) generated with fewer and with twelve months before the same moment, each
/// into a database of its own, the daemon and the audit chain caught up, then <c>vacuum analyze</c> as autovacuum would.
/// The demo accounts of the city pool (the busiest) ask for each page in both cities, interleaved, with real ids: the car
/// and the driver with the most trips, a closed and rated trip of the clerk's, the clerk's unit and account. A page whose
/// time grows from the short history to the long one by clearly more than the baseline's does work that grows with the
/// pool's history. The baseline is the request form, which reads nothing but the signed-in person.
/// </summary>
internal static class PageMeasurement
{
    private const string Pool = FleetApp.City;

    /// <summary>Each of <paramref name="histories"/> (a share of the year: 0.25 is three months) loaded and measured.</summary>
    public static async Task<string> RunAsync(IReadOnlyList<double> histories, int requests)
    {
        EndpointTiming.UseRepositoryContentRoot();
        var cities = new List<City>();
        try
        {
            foreach (var history in histories.Order()) cities.Add(await LoadAsync(history));
            return await MeasureAsync(cities, requests);
        }
        finally
        {
            foreach (var city in cities) await city.App.DisposeAsync();
        }
    }

    /// <summary>The city's fleet with <paramref name="history"/> of its year: the generator's months, not its cars.</summary>
    public static DemoCitySize Size(double history)
    {
        var months = Math.Clamp((int)Math.Round(12 * history), 1, 120);
        return DemoCitySize.City with { Name = $"city, {months} months", Months = months };
    }

    /// <summary><c>0.25,1</c>: shares of the year of history (<c>city</c> is 1).</summary>
    public static IReadOnlyList<double> Histories(string list) => list.Split(',')
        .Select(text => text.Trim() == DemoCitySize.City.Name ? 1
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is > 0 and <= 10 ? share
            : throw new ArgumentException($"not a share of the year's history: {text}"))
        .ToList();

    private sealed record City(DemoCitySize Size, FleetApp App, DemoSummary Summary, long LogbookLines, Ids Ids);

    /// <summary>The records the pages are opened on, found in each city.</summary>
    private sealed record Ids(Guid Car, string Plate, Guid Driver, Guid ClosedTrip, Guid? OpenTrip, Guid Clerk, string Unit);

    private static async Task<City> LoadAsync(double history)
    {
        var size = Size(history);
        var app = new FleetApp();
        // The host seeds no demo city of its own: this one is loaded below, with its history.
        DemoCity.LoadingOnRequest = true;
        try
        {
            await app.InitializeAsync();
        }
        finally
        {
            DemoCity.LoadingOnRequest = false;
        }

        Console.WriteLine($"Loading the demo city, {size.Name} …");
        var loading = Stopwatch.StartNew();
        var summary = await app.Host.Services.GetRequiredService<DemoCity>().LoadAsync(size, DemoCity.DefaultSeed, CancellationToken.None);
        Console.WriteLine($"  {summary.Events:N0} events in {loading.Elapsed.TotalSeconds:0} s; waiting for the daemon and the audit chain …");
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(15));
        // The keeper chains the history in the background; measured while it runs, the pages would share the cores with it.
        await AuditChainWatch.CaughtUpAsync(app.ConnectionString, within: TimeSpan.FromMinutes(15), every: TimeSpan.FromSeconds(1));
        await LargePool.VacuumAsync(app);
        Console.WriteLine($"  ready after {loading.Elapsed.TotalSeconds:0} s");

        var lines = await ScalarAsync<long>(app.ConnectionString, "select count(*) from mt_doc_logbookentry where tenant_id = @pool");
        return new City(size, app, summary, lines, await IdsAsync(app));
    }

    private static async Task<Ids> IdsAsync(FleetApp app)
    {
        var poolCode = FleetApp.PoolCode(Pool);
        var (car, driver) = (await ScalarAsync<Guid>(app.ConnectionString,
                "select vehicle_id from mt_doc_logbookentry where tenant_id = @pool and vehicle_id is not null group by vehicle_id order by count(*) desc, vehicle_id limit 1"),
            await ScalarAsync<Guid>(app.ConnectionString,
                "select driver_id from mt_doc_logbookentry where tenant_id = @pool and driver_id is not null group by driver_id order by count(*) desc, driver_id limit 1"));
        await using var session = app.Store.QuerySession(poolCode);
        var clerk = await session.Query<User>().SingleAsync(u => u.LoginName == DemoCity.Login(Pool, Role.Clerk));
        var plate = (await session.LoadAsync<Fleet.Domain.Vehicles.Vehicle>(car))!.Plate;
        // The clerk's own trips: the latest closed one with stars, and one still open to amend or cancel.
        var closed = await session.Query<Fleet.Domain.Trips.Trip>()
            .Where(t => t.RequestedBy == clerk.Id && t.Status == Fleet.Domain.Trips.TripStatus.Closed && t.Stars != null)
            .OrderByDescending(t => t.Details.Start).Select(t => t.Id).FirstAsync();
        var open = await session.Query<Fleet.Domain.Trips.Trip>()
            .Where(t => t.RequestedBy == clerk.Id && (t.Status == Fleet.Domain.Trips.TripStatus.Requested || t.Status == Fleet.Domain.Trips.TripStatus.Approved))
            .Select(t => t.Id).ToListAsync();
        return new Ids(car, plate, driver, closed, open.Count > 0 ? open[0] : null, clerk.Id, clerk.OrganisationCode);
    }

    /// <summary>A page to time: its name, who asks, and its address in a city (none where the city has no such record).</summary>
    private sealed record PageKind(string Name, Role Role, Func<Ids, string?> Url);

    /// <summary>The last full month and the year before the measurement's clock (<see cref="FleetApp.Start"/>, 2026-11-02).</summary>
    private const string Month = "2026-10", Year = "2026", DayInMonth = "2026-10-15";

    private static IReadOnlyList<PageKind> Kinds() =>
    [
        new("/trips/new (the request form)", Role.Clerk, _ => "/trips/new"),
        new("/ (home)", Role.Clerk, _ => "/"),
        new("/ (home)", Role.Approver, _ => "/"),
        new("/ (home)", Role.Dispatcher, _ => "/"),
        new("/ (home)", Role.Driver, _ => "/"),
        new("/ (home)", Role.Supervisor, _ => "/"),
        new("/ (home)", Role.FleetAdmin, _ => "/"),
        new("/trips (the unit's)", Role.Clerk, _ => "/trips"),
        new("/trips?open&mine", Role.Clerk, _ => "/trips?open=true&mine=true"),
        new("/trips/{id}, closed and rated", Role.Clerk, ids => $"/trips/{ids.ClosedTrip}"),
        new("/trips/{id}/order", Role.Clerk, ids => $"/trips/{ids.ClosedTrip}/order"),
        new("/trips/{id}/amend", Role.Clerk, ids => ids.OpenTrip is { } open ? $"/trips/{open}/amend" : null),
        new("/trips/{id}/cancel", Role.Clerk, ids => ids.OpenTrip is { } open ? $"/trips/{open}/cancel" : null),
        new("/approvals", Role.Approver, _ => "/approvals"),
        new("/trips/{id}, closed and rated", Role.Approver, ids => $"/trips/{ids.ClosedTrip}"),
        new("/trips (the pool's)", Role.Dispatcher, _ => "/trips"),
        new("/trips?p=50", Role.Dispatcher, _ => "/trips?p=50"),
        new("/trips?search={busy car's plate}", Role.Dispatcher, ids => $"/trips?search={Uri.EscapeDataString(ids.Plate)}"),
        new("/trips?status=Closed&from&to (a month)", Role.Dispatcher, _ => $"/trips?status=Closed&from={Month}-01&to={Month}-31"),
        new("/dispatch (today)", Role.Dispatcher, _ => "/dispatch"),
        new("/dispatch?view=week", Role.Dispatcher, _ => "/dispatch?view=week"),
        new("/dispatch?day= (a past day)", Role.Dispatcher, _ => $"/dispatch?day={DayInMonth}"),
        new("/dispatch?day=&view=week (a past week)", Role.Dispatcher, _ => $"/dispatch?day={DayInMonth}&view=week"),
        new("/trips/{id}, closed and rated", Role.Dispatcher, ids => $"/trips/{ids.ClosedTrip}"),
        new("/driver", Role.Driver, _ => "/driver"),
        new("/driver?history=5", Role.Driver, _ => "/driver?history=5"),
        new("/reports?period=month", Role.Supervisor, _ => $"/reports?period={Month}"),
        new("/reports?period=year", Role.Supervisor, _ => $"/reports?period={Year}"),
        new("/reports/compliance?period=month", Role.Supervisor, _ => $"/reports/compliance?period={Month}"),
        new("/reports/compliance?period=year", Role.Supervisor, _ => $"/reports/compliance?period={Year}"),
        new("/reports/compliance?period=year&p=20", Role.Supervisor, _ => $"/reports/compliance?period={Year}&p=20"),
        new("/reports/compliance?period=year&kind=lateStart", Role.Supervisor, _ => $"/reports/compliance?period={Year}&kind=lateStart"),
        new("/reports/compliance?period=year&search=plate", Role.Supervisor, ids => $"/reports/compliance?period={Year}&search={Uri.EscapeDataString(ids.Plate)}"),
        new("/reports/ratings?period=month", Role.Supervisor, _ => $"/reports/ratings?period={Month}"),
        new("/reports/ratings?period=year&low", Role.Supervisor, _ => $"/reports/ratings?period={Year}&low=true"),
        new("/reports/ratings?period=year&p=20", Role.Supervisor, _ => $"/reports/ratings?period={Year}&p=20"),
        new("/logbook?vehicleId= (busy car, month)", Role.Supervisor, ids => $"/logbook?vehicleId={ids.Car}&month={Month}"),
        new("/logbook?driverId= (busy driver, month)", Role.Supervisor, ids => $"/logbook?driverId={ids.Driver}&month={Month}"),
        new("/trips?p=50", Role.Supervisor, _ => "/trips?p=50"),
        new("/audit (the form)", Role.Supervisor, _ => "/audit"),
        new("/audit?record= (a closed trip)", Role.Supervisor, ids => $"/audit?record={ids.ClosedTrip}"),
        new("/audit?login=dispatcher&from&to (a month)", Role.Supervisor,
            _ => $"/audit?login={DemoCity.Login(Pool, Role.Dispatcher)}&from={Month}-01&to={Month}-31"),
        new("/audit?login=dispatcher (all time)", Role.Supervisor, _ => $"/audit?login={DemoCity.Login(Pool, Role.Dispatcher)}"),
        new("/audit?from&to (a month)&page=20", Role.Supervisor, _ => $"/audit?from={Month}-01&to={Month}-31&page=20"),
        new("/audit/integrity", Role.Supervisor, _ => "/audit/integrity"),
        new("/admin/vehicles", Role.FleetAdmin, _ => "/admin/vehicles"),
        new("/admin/vehicles?pageNumber=2", Role.FleetAdmin, _ => "/admin/vehicles?pageNumber=2"),
        new("/admin/vehicles?q={plate}", Role.FleetAdmin, ids => $"/admin/vehicles?q={Uri.EscapeDataString(ids.Plate)}"),
        new("/admin/vehicles?vehicle={busy car}", Role.FleetAdmin, ids => $"/admin/vehicles?vehicle={ids.Car}"),
        new("/admin/vehicles/{busy car}", Role.FleetAdmin, ids => $"/admin/vehicles/{ids.Car}"),
        new("/admin/drivers", Role.FleetAdmin, _ => "/admin/drivers"),
        new("/admin/drivers?driver={busy driver}", Role.FleetAdmin, ids => $"/admin/drivers?driver={ids.Driver}"),
        new("/admin/drivers/{busy driver}", Role.FleetAdmin, ids => $"/admin/drivers/{ids.Driver}"),
        new("/admin/users", Role.FleetAdmin, _ => "/admin/users"),
        new("/admin/users?pageNumber=3", Role.FleetAdmin, _ => "/admin/users?pageNumber=3"),
        new("/admin/users?q=clerk", Role.FleetAdmin, _ => "/admin/users?q=clerk"),
        new("/admin/users?user={clerk}", Role.FleetAdmin, ids => $"/admin/users?user={ids.Clerk}"),
        new("/admin/organisations", Role.FleetAdmin, _ => "/admin/organisations"),
        new("/admin/organisations?org={clerk's unit}", Role.FleetAdmin, ids => $"/admin/organisations?org={Uri.EscapeDataString(ids.Unit)}"),
        new("/admin/policy", Role.FleetAdmin, _ => "/admin/policy"),
        new("/admin/import", Role.FleetAdmin, _ => "/admin/import"),
        new("/logbook (no car chosen)", Role.FleetAdmin, _ => "/logbook"),
        new("/audit (the form)", Role.FleetAdmin, _ => "/audit"),
    ];

    private static async Task<string> MeasureAsync(IReadOnlyList<City> cities, int requests)
    {
        const int warmUps = 2;
        // Each page in each city: asked once first, so that a page a city cannot show is reported instead of ending the run.
        var measured = new List<(PageKind Kind, string[] Urls)>();
        var skipped = new List<string>();
        foreach (var kind in Kinds())
        {
            var urls = cities.Select(c => kind.Url(c.Ids)).ToArray();
            if (urls.Any(u => u is null))
            {
                skipped.Add($"{kind.Name} as {kind.Role}: no such record in every city");
                continue;
            }

            var refused = new List<string>();
            for (var c = 0; c < cities.Count; c++)
            {
                var bearer = await cities[c].App.BearerFor(Pool, kind.Role);
                var answer = await cities[c].App.Host.Scenario(s =>
                {
                    s.WithRequestHeader("Authorization", bearer);
                    s.Get.Url(urls[c]!);
                    s.IgnoreStatusCode();
                });
                if (answer.Context.Response.StatusCode != 200) refused.Add($"{cities[c].Size.Name} answered {answer.Context.Response.StatusCode}");
            }

            if (refused.Count > 0) skipped.Add($"{kind.Name} as {kind.Role}: {string.Join(", ", refused)}");
            else measured.Add((kind, urls.Select(u => u!).ToArray()));
        }

        foreach (var skip in skipped) Console.WriteLine($"  not measured: {skip}");
        Console.WriteLine($"Timing {measured.Count} pages in {cities.Count} cities, {requests} times each …");
        var timings = measured.Select(_ => cities.Select(_ => new List<double>()).ToArray()).ToArray();
        var watch = Stopwatch.StartNew();
        for (var round = -warmUps; round < requests; round++)
        {
            for (var k = 0; k < measured.Count; k++)
            for (var i = 0; i < cities.Count; i++)
            {
                // Each city asked first in every other round: neither pays always for following another page.
                var c = (round & 1) == 0 ? i : cities.Count - 1 - i;
                var took = await EndpointTiming.TimeAsync(cities[c].App, Pool, measured[k].Kind.Role, measured[k].Urls[c]);
                if (round >= 0) timings[k][c].Add(took);
            }

            if (round >= 0 && round % 5 == 4) Console.WriteLine($"  {round + 1} rounds in {watch.Elapsed.TotalSeconds:0} s");
        }

        var report = new StringBuilder();
        report.AppendLine(string.Join(" ", cities.Select(c =>
            $"**{c.Size.Name}**: {c.Summary.Events:N0} events, {c.Summary.TripsRequested:N0} trips requested, {c.Summary.Vehicles} cars, " +
            $"{c.Summary.Drivers} drivers; the city pool (420100), where every page is asked, keeps {c.LogbookLines:N0} logbook lines.")));
        report.AppendLine();
        if (skipped.Count > 0) report.AppendLine($"Not measured: {string.Join("; ", skipped)}.").AppendLine();
        for (var c = 0; c < cities.Count; c++)
        {
            report.AppendLine($"### {cities[c].Size.Name}");
            report.AppendLine();
            report.AppendLine(EndpointTiming.Table(requests, measured.Select((m, k) => ($"{m.Kind.Name}, {Who(m.Kind.Role)}", timings[k][c])).ToList()));
        }

        if (cities.Count > 1) report.AppendLine(Growth(cities, measured.Select(m => $"{m.Kind.Name}, {Who(m.Kind.Role)}").ToList(), timings));
        var text = report.ToString();
        Console.WriteLine();
        Console.WriteLine(text);
        return text;
    }

    /// <summary>
    /// Each page's median (and mean) in the longest history over the shortest, and the median's growth over the baseline's:
    /// a page that reads a fixed amount stays near 1; one that reads the history grows toward the events' ratio. Medians,
    /// because a page of a millisecond or two is moved by a single pause of the shared machine.
    /// </summary>
    private static string Growth(IReadOnlyList<City> cities, IReadOnlyList<string> names, List<double>[][] timings)
    {
        var (first, last) = (0, cities.Count - 1);
        static double Median(List<double> timings) => timings.Order().ElementAt(timings.Count / 2);
        var baselineGrowth = Median(timings[0][last]) / Median(timings[0][first]);
        var table = new StringBuilder();
        table.AppendLine($"### Growth from {cities[first].Size.Name} to {cities[last].Size.Name}");
        table.AppendLine();
        table.AppendLine($"Events ×{(double)cities[last].Summary.Events / cities[first].Summary.Events:0.00}, " +
                         $"the pool's logbook lines ×{(double)cities[last].LogbookLines / cities[first].LogbookLines:0.00}, " +
                         $"cars ×{(double)cities[last].Summary.Vehicles / cities[first].Summary.Vehicles:0.00}.");
        table.AppendLine();
        table.AppendLine($"| Page, who asks | p50 ms, {cities[first].Size.Name} | p50 ms, {cities[last].Size.Name} | growth (p50) | growth (mean) | " +
                         "p50 growth over the baseline's |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        for (var k = 0; k < names.Count; k++)
        {
            var (small, large) = (Median(timings[k][first]), Median(timings[k][last]));
            table.AppendLine($"| {names[k]}{(k == 0 ? " (baseline)" : "")} | {small:0.0} | {large:0.0} | {large / small:0.00} | " +
                             $"{timings[k][last].Average() / timings[k][first].Average():0.00} | {large / small / baselineGrowth:0.00} |");
        }

        return table.ToString();
    }

    private static string Who(Role role) => DemoCity.Login(Pool, role);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("pool", FleetApp.PoolCode(Pool));
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
