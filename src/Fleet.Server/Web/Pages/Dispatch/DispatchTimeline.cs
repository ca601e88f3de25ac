using Fleet.Domain.Drivers;
using PoolDriver = Fleet.Domain.Drivers.Driver;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Web.Pages.Dispatch;

/// <summary>What a block on the timeline stands for; each kind has its own colour and its own words.</summary>
public enum BlockKind
{
    Trip,
    Maintenance,
    Leave,
    Suspension,
}

/// <summary>A stretch of time on a lane, placed in percent of the window shown.</summary>
/// <param name="Label">What the block shows when there is room.</param>
/// <param name="Description">Everything it stands for in words: its accessible name, its tooltip and its details.</param>
/// <param name="Href">The page it opens, or null when the reader may not see one and the block shows its details instead.</param>
public sealed record TimelineBlock(BlockKind Kind, double Left, double Width, string Label, string Description, string? Href);

/// <summary>One car or one driver across the window: who, what holds them, and whether the chosen trip could have them.</summary>
/// <param name="Detail">A car's class and seats in words; nothing for a driver.</param>
/// <param name="Pickable">A trip is chosen and this car or driver is free for it.</param>
/// <param name="OtherClass">A free car of another class than the chosen trip asked for: sending it needs a reason.</param>
public sealed record TimelineLane(Guid Id, string Name, string? Detail, IReadOnlyList<TimelineBlock> Blocks, bool Pickable, bool OtherClass = false);

/// <summary>A labelled stretch of the axis: an hour of the day view, a day of the week view.</summary>
/// <param name="Day">The day a week's column stands for, to open it as a day.</param>
public sealed record TimelineTick(double Left, double Width, string Label, LocalDate? Day);

/// <summary>The window shown and the axis drawn under it.</summary>
public sealed record TimelineWindow(Instant From, Instant Until, IReadOnlyList<TimelineTick> Ticks)
{
    public Interval Span => new(From, Until);

    /// <summary>Where a moment falls, in percent of the window, pinned to its edges.</summary>
    public double At(Instant instant) => Math.Clamp((instant - From).TotalMinutes / (Until - From).TotalMinutes * 100, 0, 100);
}

/// <summary>The cars and drivers of the pool over a day or a week, and the time the chosen trip wants.</summary>
public sealed record DispatchTimeline(TimelineWindow Window, IReadOnlyList<TimelineLane> Cars, IReadOnlyList<TimelineLane> Drivers,
    TimelineBlock? Wanted)
{
    /// <summary>A working day is drawn from 06:00 to 22:00, widened to whole hours when a trip starts earlier or ends later that day.</summary>
    public static readonly (int From, int Until) WorkingHours = (6, 22);

    /// <summary>The day's hours in the pool's zone, each hour one labelled stretch.</summary>
    public static TimelineWindow DayWindow(LocalDate day, DateTimeZone zone, IEnumerable<Interval> booked)
    {
        var (dayStarts, dayEnds) = (zone.AtStartOfDay(day).ToInstant(), zone.AtStartOfDay(day.PlusDays(1)).ToInstant());
        var (first, last) = WorkingHours;
        // Only an edge inside the day widens it: a trip running in from the day before or on into the next starts or ends at the border.
        foreach (var interval in booked)
        {
            if (interval.Start >= dayStarts && interval.Start < dayEnds) first = Math.Min(first, interval.Start.InZone(zone).Hour);
            if (interval.End > dayStarts && interval.End <= dayEnds)
            {
                var end = interval.End.InZone(zone);
                last = Math.Max(last, interval.End == dayEnds ? 24 : end.Hour + (end.Minute > 0 || end.Second > 0 ? 1 : 0));
            }
        }

        Instant Hour(int hour) => hour >= 24 ? dayEnds : zone.AtLeniently(day.At(new LocalTime(hour, 0))).ToInstant();
        var (from, until) = (Hour(first), Hour(last));
        var span = (until - from).TotalMinutes;
        var ticks = Enumerable.Range(first, last - first)
            .Select(h => new TimelineTick((Hour(h) - from).TotalMinutes / span * 100, (Hour(h + 1) - Hour(h)).TotalMinutes / span * 100,
                $"{h:00}:00", null))
            .ToList();
        return new TimelineWindow(from, until, ticks);
    }

    /// <summary>The week from Monday to Sunday around the day, each day one labelled stretch.</summary>
    public static TimelineWindow WeekWindow(LocalDate day, DateTimeZone zone, Func<LocalDate, string> dayName)
    {
        var monday = day.Minus(Period.FromDays((int)day.DayOfWeek - 1));
        var (from, until) = (zone.AtStartOfDay(monday).ToInstant(), zone.AtStartOfDay(monday.PlusDays(7)).ToInstant());
        var span = (until - from).TotalMinutes;
        var ticks = Enumerable.Range(0, 7).Select(monday.PlusDays)
            .Select(d => (Day: d, Start: zone.AtStartOfDay(d).ToInstant(), End: zone.AtStartOfDay(d.PlusDays(1)).ToInstant()))
            .Select(d => new TimelineTick((d.Start - from).TotalMinutes / span * 100, (d.End - d.Start).TotalMinutes / span * 100, dayName(d.Day), d.Day))
            .ToList();
        return new TimelineWindow(from, until, ticks);
    }

    /// <summary>The time a trip holds its car and driver on the timeline: as planned, or until now for a car that is not back yet.</summary>
    public static Interval Held(Trip trip, Instant now) =>
        new(trip.Details.Start, trip.Status == TripStatus.InProgress && now > trip.Details.End ? now : trip.Details.End);

    /// <summary>The words and links a block needs, which depend on the reader.</summary>
    public interface IWords
    {
        string Trip(Trip trip);
        string TripLabel(Trip trip);
        string Maintenance(Vehicle vehicle, MaintenanceWindow job, Interval held);
        string MaintenanceLabel(MaintenanceWindow job);
        string Leave(PoolDriver driver, LeaveWindow leave);
        string LeaveLabel(LeaveWindow leave);
        string Suspension(PoolDriver driver);
        string SuspensionLabel { get; }
        string CarDetail(Vehicle vehicle);
        string WantedWindow(Trip trip);
        bool SeesRecords { get; }
    }

    /// <param name="trips">The trips holding a car in the window (and nothing else: what is shown is read for the window only).</param>
    /// <param name="now">A car still out holds its lane until now, whatever its plan said.</param>
    /// <param name="chosen">The trip the dispatcher is about to dispatch or reassign, with its candidates; null when none is.</param>
    public static DispatchTimeline Compose(TimelineWindow window, IEnumerable<Vehicle> vehicles, IEnumerable<PoolDriver> drivers,
        IReadOnlyList<Trip> trips, Instant now, (Trip Trip, DispatchCandidateList Candidates)? chosen, IWords words)
    {
        var freeCars = chosen?.Candidates.Vehicles.Where(v => v.Available).ToDictionary(v => v.VehicleId, v => v.ClassFits) ?? [];
        var freeDrivers = chosen is { Trip.Details.WithDriver: true } c
            ? c.Candidates.Drivers.Where(d => d.Available).Select(d => d.DriverId).ToHashSet()
            : [];

        TimelineBlock Block(BlockKind kind, Interval held, string label, string description, string? href) =>
            new(kind, window.At(held.Start), Math.Max(0.4, window.At(held.End) - window.At(held.Start)), label, description, href);

        TimelineBlock TripBlock(Trip t) =>
            Block(BlockKind.Trip, Held(t, now), words.TripLabel(t), words.Trip(t), $"/trips/{t.Id}");

        bool Shown(Interval held) => held.Start < window.Until && held.End > window.From;

        var cars = vehicles
            .Where(v => v.Status != VehicleStatus.Retired)
            .OrderBy(v => v.Plate, StringComparer.Ordinal)
            .Select(v => new TimelineLane(v.Id, v.Plate, words.CarDetail(v),
                v.MaintenanceWindows
                    .Where(w => w.Occupancy is { } held && Shown(held))
                    .Select(w => Block(BlockKind.Maintenance, w.Occupancy!.Value, words.MaintenanceLabel(w), words.Maintenance(v, w, w.Occupancy!.Value),
                        words.SeesRecords ? $"/admin/vehicles/{v.Id}" : null))
                    .Concat(trips.Where(t => t.Assignment!.VehicleId == v.Id).Select(TripBlock))
                    .OrderBy(b => b.Left)
                    .ToList(),
                freeCars.ContainsKey(v.Id),
                freeCars.TryGetValue(v.Id, out var fits) && !fits))
            .ToList();

        var people = drivers
            .Where(d => d.Status != DriverStatus.Left)
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new TimelineLane(d.Id, d.Name, null,
                (d.Status == DriverStatus.Suspended
                    ? [Block(BlockKind.Suspension, window.Span, words.SuspensionLabel, words.Suspension(d), words.SeesRecords ? $"/admin/drivers/{d.Id}" : null)]
                    : Enumerable.Empty<TimelineBlock>())
                .Concat(d.Leave
                    .Where(l => !l.Cancelled && Shown(l.Period))
                    .Select(l => Block(BlockKind.Leave, l.Period, words.LeaveLabel(l), words.Leave(d, l), words.SeesRecords ? $"/admin/drivers/{d.Id}" : null)))
                .Concat(trips.Where(t => t.Assignment!.DriverId == d.Id).Select(TripBlock))
                .OrderBy(b => b.Left)
                .ToList(),
                freeDrivers.Contains(d.Id)))
            .ToList();

        var wanted = chosen is { } pick && Shown(new Interval(pick.Trip.Details.Start, pick.Trip.Details.End))
            ? Block(BlockKind.Trip, new Interval(pick.Trip.Details.Start, pick.Trip.Details.End), words.WantedWindow(pick.Trip), words.WantedWindow(pick.Trip), null)
            : null;
        return new DispatchTimeline(window, cars, people, wanted);
    }
}
