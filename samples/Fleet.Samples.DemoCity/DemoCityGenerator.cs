using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Samples.DemoCity;

/// <summary>
/// Generates the demo city W市 and its history: organisations, accounts, vehicles, drivers and months of
/// requests, approvals, dispatches and trips up to <c>end</c>. Every event comes from the same pure decisions
/// the server's endpoints call, with the moment of each command as their <c>now</c>; the generator plays the
/// clerks, approvers, dispatchers, drivers and fleet admins, and the pool's timers, in the order of time. The
/// same size, seed and end give the same events, ids included.
/// </summary>
public sealed partial class DemoCityGenerator
{
    private readonly DemoCitySize _size;
    private readonly Random _random;

    /// <summary>
    /// The ids of what was added to the city after its story was written (the offices' approvers): drawn aside, so that
    /// the rest of the city stays what it was for a seed.
    /// </summary>
    private readonly Random _aside;

    /// <summary>
    /// The trips' contacts are drawn apart from everything else, so that giving them leaves every other draw — which
    /// trips exist, when, with which car and driver — as the seed made it before.
    /// </summary>
    private readonly Random _contacts;

    /// <summary>The records from outside draw their moments and places apart, for the same reason as the contacts.</summary>
    private readonly Random _outside;
    private readonly Instant _end;
    private readonly DateTimeZone _zone;
    private readonly DispatchSettings _dispatch = DispatchSettings.Default;
    private readonly PriorityQueue<Action<Instant>, (Instant At, long Order)> _agenda = new();
    private readonly List<DemoEvent> _recorded = [];
    private readonly List<PoolState> _pools = [];
    private readonly Dictionary<(Guid Trip, DemoTimerKind Kind), (string Pool, Instant Due)> _armedTimers = [];
    private readonly List<DemoAccount> _accounts = [];
    private readonly Dictionary<Guid, User> _users = [];
    private long _order;

    public DemoCityGenerator(DemoCitySize size, int seed, Instant end, DateTimeZone zone)
    {
        _size = size;
        _random = new Random(seed);
        _aside = new Random(unchecked(seed * 31 + 17));
        _contacts = new Random(unchecked(seed * 7919 + 1709));
        _outside = new Random(unchecked(seed * 104_729 + 613));
        _end = end;
        _zone = zone;
        var endDate = end.InZone(zone).Date;
        HistoryStart = zone.AtStartOfDay(endDate.PlusMonths(-size.Months)).ToInstant();
    }

    /// <summary>The first moment of the history: the registry is set up in the weeks before it.</summary>
    public Instant HistoryStart { get; }

    public DemoSummary Summary { get; } = new();

    /// <summary>Every account created, for their sign-ins; complete once <see cref="Generate"/> has been enumerated.</summary>
    public IReadOnlyList<DemoAccount> Accounts => _accounts;

    /// <summary>Timers of trips still under way when the history ends; complete once <see cref="Generate"/> has been enumerated.</summary>
    public IReadOnlyList<DemoTimer> PendingTimers =>
        _armedTimers.Select(t => new DemoTimer(t.Key.Kind, t.Key.Trip, t.Value.Pool, t.Value.Due)).OrderBy(t => t.Due).ThenBy(t => t.TripId).ToList();

    /// <summary>The events in the order they happened; lazily, so that millions of them never sit in memory at once.</summary>
    public IEnumerable<DemoEvent> Generate(IProgress<DemoProgress>? progress = null)
    {
        var setUp = _size.HasHistory ? HistoryStart - Duration.FromDays(35) : _end;
        EstablishDirectory(setUp);
        foreach (var e in Flush()) yield return e;
        if (!_size.HasHistory) yield break;

        EquipPools(setUp + Duration.FromDays(5));
        foreach (var e in Flush()) yield return e;

        PlanHistory();
        var days = (int)Period.Between(HistoryStart.InZone(_zone).Date, _end.InZone(_zone).Date, PeriodUnits.Days).Days + 1;
        var day = HistoryStart.InZone(_zone).Date;
        var daysDone = 0;
        while (_agenda.TryPeek(out _, out var next) && next.At <= _end)
        {
            var step = _agenda.Dequeue();
            var date = next.At.InZone(_zone).Date;
            if (date > day)
            {
                day = date;
                daysDone = Math.Min(days, daysDone + 1);
                progress?.Report(new DemoProgress(day, daysDone, days, Summary.Events));
            }

            step(next.At);
            foreach (var e in Flush()) yield return e;
        }

        progress?.Report(new DemoProgress(_end.InZone(_zone).Date, days, days, Summary.Events));
    }

    private List<DemoEvent> Flush()
    {
        var flushed = _recorded.ToList();
        _recorded.Clear();
        Summary.Events += flushed.Count;
        return flushed;
    }

    private void At(Instant at, Action<Instant> step) => _agenda.Enqueue(step, (at, _order++));

    /// <summary>
    /// Records what a decision decided, as one command: the events share a correlation id. A refusal is counted
    /// by its problem code and changes nothing, as at the server.
    /// </summary>
    private IReadOnlyList<object>? Record(PoolState pool, Guid streamId, DemoStream stream, Decision decision, Instant at, DemoActor actor,
        string? correlation = null)
    {
        if (!decision.IsAccepted)
        {
            foreach (var problem in decision.Problems)
                Summary.Refusals[problem.Code] = Summary.Refusals.GetValueOrDefault(problem.Code) + 1;
            return null;
        }

        correlation ??= NewId(at).ToString();
        foreach (var e in decision.Events) _recorded.Add(new DemoEvent(pool.Pool.Code, streamId, stream, e, at, actor, correlation));
        return decision.Events;
    }

    /// <summary>A version 7 id for the moment <paramref name="at"/>, its random part from the seed: ids sort by time and repeat with the seed.</summary>
    private Guid NewId(Instant at, Random? from = null)
    {
        Span<byte> bytes = stackalloc byte[16];
        (from ?? _random).NextBytes(bytes);
        var milliseconds = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private Duration Minutes(int from, int to) => Duration.FromMinutes(_random.Next(from, to + 1));

    private Instant Local(LocalDate date, int hour, int minute) =>
        date.At(new LocalTime(hour, minute)).InZoneLeniently(_zone).ToInstant();

    private string PersonName() => Pick(WCity.Surnames) + Pick(WCity.GivenNames);

    /// <summary>A pool as the generator keeps it: its people, its registry as the decisions see it, and its bookings.</summary>
    private sealed class PoolState(DemoPool pool)
    {
        public DemoPool Pool { get; } = pool;
        public Organisation Organisation { get; set; } = null!;
        public List<UnitState> Units { get; } = [];
        public Dictionary<Role, DemoActor> Staff { get; } = [];
        public DemoActor Office { get; set; } = null!;
        public Dictionary<Guid, Vehicle> Vehicles { get; } = [];
        public Dictionary<Guid, Driver> Drivers { get; } = [];
        public Dictionary<Guid, DemoActor> DriverAccounts { get; } = [];
        public DispatchRegister? Register { get; set; }
        public ApprovalPolicy Policy { get; set; } = ApprovalPolicy.Default;
        public Dictionary<Guid, Reservation> Held { get; } = [];
        public Queue<(Instant At, Guid Vehicle, Guid? Driver)> RecentUse { get; } = new();
        public Dictionary<Guid, int> VehicleUse { get; } = [];
        public Dictionary<Guid, int> DriverUse { get; } = [];
        public Dictionary<Guid, decimal> SinceRefill { get; } = [];
        public double TripsPerWorkday { get; set; }
    }

    private sealed record UnitState(string Code, string Name, DemoActor Clerk, DemoActor Head, DemoActor? Deputy, double Weight);
}
