using System.Collections.Concurrent;
using System.Text.Json;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Server.Setup;
using Fleet.Testing;
using NodaTime;

namespace Fleet.Reliability.Tests;

/// <summary>
/// A car and its driver, driven one trip at a time; the odometer is what the last trip left on it. The car carries a
/// satellite terminal, bound by the fleet admin, known by its SIM number.
/// </summary>
public sealed class Crew(Guid vehicle, Guid driver, Person driverAccount, string mobile, string terminal)
{
    public Guid Vehicle { get; } = vehicle;
    public string Terminal { get; } = terminal;
    public Guid Driver { get; } = driver;
    public Person DriverAccount { get; } = driverAccount;
    public string Mobile { get; } = mobile;
    public SemaphoreSlim Keys { get; } = new(1, 1);
    public decimal Odometer { get; set; } = 1_000m;
}

/// <summary>How the trips of a run ended, counted by the clients.</summary>
public sealed class StoryTally
{
    private int _requested, _dispatched, _cancelled, _finished, _confirmed, _answersLost;

    public int Requested => _requested;
    public int Dispatched => _dispatched;
    public int Cancelled => _cancelled;
    public int Finished => _finished;
    public int Confirmed => _confirmed;
    public int AnswersLost => _answersLost;

    public void TripRequested() => Interlocked.Increment(ref _requested);
    public void TripDispatched() => Interlocked.Increment(ref _dispatched);
    public void TripCancelled() => Interlocked.Increment(ref _cancelled);
    public void TripFinished() => Interlocked.Increment(ref _finished);
    public void TripConfirmed() => Interlocked.Increment(ref _confirmed);
    public void AnswerLost() => Interlocked.Increment(ref _answersLost);
}

/// <summary>
/// The people of 江岸 at work: clerks request trips, the unit head approves them, dispatchers race each other for a few
/// cars and drivers (so that double booking is tried all the time), drivers accept, start and finish, and clerks
/// confirm and rate about half of the trips, leaving the rest to close themselves on the pool's timer.
/// </summary>
public sealed class Workload
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private readonly IFleetNodes _cluster;
    private readonly HttpClient _http;
    private readonly Staff _staff;
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private int _stories;

    private Workload(IFleetNodes cluster, HttpClient http, Staff staff)
    {
        _cluster = cluster;
        _http = http;
        _staff = staff;
    }

    public CommandLog Log { get; } = new();
    public StoryTally Tally { get; } = new();
    public List<Crew> Crews { get; } = [];

    /// <summary>Every trip requested, and how far its story went: what the notification ledger expects to have been told.</summary>
    public ConcurrentDictionary<Guid, TripStory> Stories { get; } = new();

    /// <summary>
    /// Cars with their terminals, drivers with accounts, and a policy under which every trip waits for the unit head, set up
    /// by the fleet admin.
    /// </summary>
    public static Task<Workload> PrepareAsync(FleetCluster cluster, HttpClient http, int crews) => PrepareAsync(cluster, http, crews, Staff.Jiangan);

    public static async Task<Workload> PrepareAsync(IFleetNodes cluster, HttpClient http, int crews, Staff staff)
    {
        var workload = new Workload(cluster, http, staff);
        var admin = workload.Someone(staff.Admin);
        var policy = await admin.ReadAsync("/api/approval-policy");
        await workload.ExpectAsync(admin.CommandAsync("policy", "/api/approval-policy", new
        {
            version = policy.GetProperty("version").GetInt32() + 1, workdayStart = "00:00:00", workdayEnd = "23:59:00",
            workdays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" },
            maxAutoApprovedLength = "0:15:00", twoLevelClasses = Array.Empty<string>(),
        }));

        for (var i = staff.FirstCrew; i < staff.FirstCrew + crews; i++)
        {
            var vehicle = (await workload.ExpectAsync(admin.CommandAsync("vehicle", "/api/vehicles",
                new { plate = $"{staff.Plates}{i:D4}", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }))).GetProperty("vehicleId").GetGuid();
            await workload.ExpectAsync(admin.CommandAsync("inspection", $"/api/vehicles/{vehicle}/inspection",
                new { inspectedOn = "2026-01-01", validUntil = "2030-12-31" }));
            await workload.ExpectAsync(admin.CommandAsync("insurance", $"/api/vehicles/{vehicle}/insurance",
                new { insurer = "平安", policyNumber = $"P-{i}", validFrom = "2026-01-01", validUntil = "2030-12-31" }));
            var terminal = PositionLedger.TerminalOf(i);
            await workload.ExpectAsync(admin.CommandAsync("terminal", $"/api/vehicles/{vehicle}/terminal", new { terminal, model = "BD-2019" }));
            var driver = (await workload.ExpectAsync(admin.CommandAsync("driver", "/api/drivers",
                    new { name = $"可靠{i:D2}", licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234", licenceExpiresOn = "2030-01-01" })))
                .GetProperty("driverId").GetGuid();
            var login = $"reliability.driver{i:D2}";
            var account = (await workload.ExpectAsync(admin.CommandAsync("account", "/api/users", new
                {
                    loginName = login, displayName = $"可靠{i:D2}", organisationCode = staff.DriverOrganisation, roles = new[] { "Driver" }, password = staff.Password,
                })))
                .GetProperty("userId").GetGuid();
            await workload.ExpectAsync(admin.CommandAsync("link", $"/api/drivers/{driver}/account", new { userId = account }));
            var mobile = NotificationLedger.MobileOf(i);
            if (staff.TellsPeople) await workload.ChooseAsync(login, new { mobile, channels = new[] { "Sms" } });
            workload.Crews.Add(new Crew(vehicle, driver, workload.Someone(login), mobile, terminal));
        }

        // No quiet hours: the run may fall in the night of Asia/Shanghai.
        if (!staff.TellsPeople) return workload;
        await workload.ChooseAsync(staff.Clerk, new { email = NotificationLedger.ClerkEmail, channels = new[] { "Email" } });
        await workload.ChooseAsync(staff.Approver, new { email = NotificationLedger.ApproverEmail, channels = new[] { "Email" } });
        return workload;
    }

    /// <summary>Runs <paramref name="people"/> trip stories side by side until <paramref name="until"/> is cancelled.</summary>
    public Task RunAsync(int people, CancellationToken until) =>
        Task.WhenAll(Enumerable.Range(0, people).Select(async worker =>
        {
            var random = new Random(worker);
            var office = new Office(Someone(_staff.Clerk), Someone(_staff.Approver), Someone(_staff.Dispatcher));
            while (!until.IsCancellationRequested) await TripAsync(office, random);
        }));

    private Person Someone(string login) => new(login, _staff.Password, _cluster, _http, Log);

    /// <summary>A person's notification preferences: their own setting, not a command on the pool's records, so kept out of the command log.</summary>
    private async Task ChooseAsync(string login, object preferences)
    {
        var answer = await new Person(login, _staff.Password, _cluster, _http, new CommandLog()).CommandAsync("preferences", "/api/my/notification-preferences", preferences);
        if (answer.Outcome == Outcome.Refused) throw Unexpected("preferences", answer);
    }

    private sealed record Office(Person Clerk, Person Approver, Person Dispatcher);

    /// <summary>One trip from request to confirmation, each step by the person whose work it is.</summary>
    private async Task TripAsync(Office office, Random random)
    {
        var number = Interlocked.Increment(ref _stories);
        var purpose = $"可靠性检验 {_run}-{number}";
        var (start, end) = Window(SystemClock.Instance.GetCurrentInstant(), random);
        var requested = await office.Clerk.CommandAsync("request", "/api/trips",
            new TripBuilder().For(purpose).Carrying(1, "张三").Between(start, end).Body);
        var trip = requested.Outcome switch
        {
            Outcome.Acknowledged => requested.Body.GetProperty("tripId").GetGuid(),
            Outcome.AnswerLost => await FindRequestAsync(office.Clerk, purpose),
            _ => throw Unexpected("request", requested),
        };
        Tally.TripRequested();
        var story = Stories[trip] = new TripStory();
        var path = $"/api/trips/{trip}";

        await StepAsync(() => office.Approver.CommandAsync("approve", $"{path}/approve", new { }), office.Approver, path, "approved");
        story.Approved = true;

        var crew = await DispatchAsync(office, path, random);
        if (crew is null)
        {
            await StepAsync(() => office.Clerk.CommandAsync("cancel", $"{path}/cancel", new { reason = "没有空闲车辆" }), office.Clerk, path, "cancelled");
            Tally.TripCancelled();
            return;
        }

        Tally.TripDispatched();
        story.DriverMobile = crew.Mobile;
        var driver = crew.DriverAccount;
        await StepAsync(() => driver.CommandAsync("accept", $"{path}/accept", new { }), driver, path, "accepted");
        await crew.Keys.WaitAsync();
        try
        {
            await StepAsync(() => driver.CommandAsync("start", $"{path}/start", new { odometerKm = crew.Odometer }), driver, path, "inProgress");
            crew.Odometer += 12.5m;
            await StepAsync(() => driver.CommandAsync("finish", $"{path}/finish", new { odometerKm = crew.Odometer, fuelLitres = 1.2, fuelCost = 9.6 }),
                driver, path, "completed", "closed");
        }
        finally
        {
            crew.Keys.Release();
        }

        Tally.TripFinished();
        story.Finished = true;
        if (random.Next(2) == 0)
        {
            var stars = 1 + random.Next(5);
            var confirmed = await office.Clerk.CommandAsync("confirm", $"{path}/confirm", new { stars, comment = "准时" });
            // The pool's timer closing the trip between the clerk's read and write is a lost race: the clerk reloads and
            // sends it again, and is then told it closed.
            for (var again = 0; again < 3 && confirmed is { Outcome: Outcome.Refused, Code: "trip.concurrent_change" }; again++)
                confirmed = await office.Clerk.CommandAsync("confirm", $"{path}/confirm", new { stars, comment = "准时" });
            // The pool's timer may have closed the trip first: then the confirmation is refused, as it should be.
            if (confirmed.Outcome == Outcome.Refused && confirmed.Code != "trip.already_closed") throw Unexpected("confirm", confirmed);
            if (confirmed.Outcome == Outcome.AnswerLost) Tally.AnswerLost();
            if (confirmed.Outcome != Outcome.Refused) Tally.TripConfirmed();
        }
    }

    /// <summary>Tries the crews in a random order; a car or driver taken by another dispatcher is refused, and the next one tried.</summary>
    private async Task<Crew?> DispatchAsync(Office office, string path, Random random, int again = 0)
    {
        foreach (var crew in Crews.OrderBy(_ => random.Next()))
        {
            var answer = await office.Dispatcher.CommandAsync("dispatch", $"{path}/dispatch", new { vehicleId = crew.Vehicle, driverId = crew.Driver });
            switch (answer.Outcome)
            {
                case Outcome.Acknowledged:
                    return crew;
                case Outcome.AnswerLost:
                    // A refusal is an answer too, and can be lost the same way: the trip says which it was.
                    Tally.AnswerLost();
                    var assignment = (await office.Dispatcher.ReadAsync(path)).GetProperty("assignment");
                    if (assignment.ValueKind == JsonValueKind.Null) continue;
                    if (assignment.GetProperty("vehicleId").GetGuid() == crew.Vehicle) return crew;
                    throw new InvalidOperationException($"A dispatch whose answer was lost left {path} with another car.");
                case Outcome.Refused when answer.Code is "vehicle.double_booked" or "driver.double_booked":
                    continue;
                case Outcome.Refused when answer.Code == "trip.concurrent_change" && again < 3:
                    // Somebody changed the trip between the dispatcher's read and write (ADR 011): they look again and try once more.
                    return await DispatchAsync(office, path, random, again + 1);
                default:
                    throw Unexpected("dispatch", answer);
            }
        }

        return null;
    }

    /// <summary>
    /// A command whose answer was lost ran all the same: its sender reads the trip and goes on if it moved on to
    /// <paramref name="expected"/>, as a person looking at the screen would.
    /// </summary>
    private async Task StepAsync(Func<Task<Answer>> command, Person sender, string path, params string[] expected)
    {
        var answer = await command();
        // Somebody changed the trip between the sender's read and write (ADR 011): they look again and send it once more.
        for (var again = 0; again < 3 && answer is { Outcome: Outcome.Refused, Code: "trip.concurrent_change" }; again++) answer = await command();
        if (answer.Outcome == Outcome.Acknowledged) return;
        if (answer.Outcome == Outcome.AnswerLost)
        {
            Tally.AnswerLost();
            var status = (await sender.ReadAsync(path)).GetProperty("status").GetString();
            if (expected.Contains(status) || status == "closed") return;
            throw new InvalidOperationException($"{path}: the answer was lost and the trip is {status}, not {string.Join(" or ", expected)}.");
        }

        throw Unexpected(expected[0], answer);
    }

    private async Task<Guid> FindRequestAsync(Person clerk, string purpose)
    {
        Tally.AnswerLost();
        for (var page = 1; ; page++)
        {
            var found = await clerk.ReadAsync($"/api/trips?status=requested&page={page}&pageSize=100");
            var items = found.GetProperty("items");
            foreach (var trip in items.EnumerateArray())
                if (trip.GetProperty("details").GetProperty("purposeText").GetString() == purpose)
                    return trip.GetProperty("id").GetGuid();
            if (items.GetArrayLength() < 100) throw new InvalidOperationException($"The request '{purpose}' whose answer was lost is not there.");
        }
    }

    private async Task<JsonElement> ExpectAsync(Task<Answer> command)
    {
        var answer = await command;
        return answer.Outcome == Outcome.Acknowledged ? answer.Body : throw Unexpected("setup", answer);
    }

    private static InvalidOperationException Unexpected(string step, Answer answer) =>
        new($"{step}: {answer.Outcome} {answer.Code} {(answer.Body.ValueKind == JsonValueKind.Undefined ? "" : answer.Body.GetRawText())}");

    /// <summary>Within the next ten hours, on one local day, on the minute: dispatchers compete for the same hours.</summary>
    private static (Instant Start, Instant End) Window(Instant now, Random random)
    {
        var local = (now + Duration.FromMinutes(15 + random.Next(600))).InZone(Zone).LocalDateTime;
        local = local.Date + new LocalTime(local.Hour, local.Minute);
        var length = Period.FromMinutes(30 + random.Next(60));
        // Never overnight; just after midnight is still within the twelve hours a trip may start early.
        if ((local + length).Date != local.Date) local = local.Date.PlusDays(1) + new LocalTime(0, 5);
        return (local.InZoneLeniently(Zone).ToInstant(), (local + length).InZoneLeniently(Zone).ToInstant());
    }
}
