using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;
using NodaTime;

namespace Fleet.Projections.Reports;

/// <summary>One car's period (a day, a month or a year): how much it was used against the time it could have been, how far it went, what it cost.</summary>
/// <param name="AvailableHours">The month's hours less the hours in the workshop: the time it could have been dispatched.</param>
/// <param name="IdleDays">Local days on which it did not leave at all.</param>
public sealed record VehicleFigures(
    Guid VehicleId,
    string Plate,
    int Trips,
    decimal HoursInUse,
    decimal AvailableHours,
    decimal Utilization,
    decimal DistanceKm,
    int IdleDays,
    decimal FuelLitres,
    decimal EnergyKilowattHours,
    decimal Cost,
    decimal? FuelLitresPer100Km,
    decimal? EnergyKilowattHoursPer100Km,
    decimal? CostPer100Km);

/// <summary>What a unit used in the month, for charging the cost back to it.</summary>
public sealed record UnitUsage(string UnitCode, int Trips, decimal DistanceKm, decimal Cost);

/// <summary>How the people served rated a driver's trips in the month, with what they wrote.</summary>
public sealed record DriverRatings(Guid DriverId, string Name, int Ratings, decimal? Average, IReadOnlyList<string> Comments);

/// <summary>The pool's figures for the month, side by side with every other pool's in the city overview.</summary>
public sealed record PoolFigures(
    string Pool,
    int Vehicles,
    int Trips,
    decimal HoursInUse,
    decimal AvailableHours,
    decimal Utilization,
    decimal DistanceKm,
    decimal FuelLitres,
    decimal EnergyKilowattHours,
    decimal Cost,
    decimal? CostPer100Km,
    int Ratings,
    decimal? AverageRating,
    int Disputes);

/// <summary>
/// The local days a report covers — one day, one month or one year — and how it is written: 2026-11-03, 2026-11, 2026.
/// </summary>
public sealed record ReportPeriod(string Label, LocalDate First, LocalDate EndExclusive)
{
    public static ReportPeriod? Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 4 && int.TryParse(value, out var year) && year is >= 2000 and <= 2100)
            return new ReportPeriod(value, new LocalDate(year, 1, 1), new LocalDate(year + 1, 1, 1));
        if (NodaTime.Text.YearMonthPattern.Iso.Parse(value) is { Success: true } month)
            return new ReportPeriod(value, month.Value.OnDayOfMonth(1), month.Value.OnDayOfMonth(1).PlusMonths(1));
        if (NodaTime.Text.LocalDatePattern.Iso.Parse(value) is { Success: true } day)
            return new ReportPeriod(value, day.Value, day.Value.PlusDays(1));
        return null;
    }

    public Interval In(DateTimeZone zone) => new(zone.AtStartOfDay(First).ToInstant(), zone.AtStartOfDay(EndExclusive).ToInstant());

    public int Days => Period.DaysBetween(First, EndExclusive);
}

public sealed record PeriodReport(
    string Period,
    PoolFigures Totals,
    IReadOnlyList<VehicleFigures> Vehicles,
    IReadOnlyList<UnitUsage> Units,
    IReadOnlyList<DriverRatings> Drivers);

/// <summary>
/// A pool's day, month or year from its logbook: every figure is a sum over the trips the cars actually drove (departure in
/// the month), never a number somebody typed into a report. Hours in use run from departure to return, cut at
/// the month's edges; a car's available hours are the month less its workshop time.
/// </summary>
public static class PeriodReports
{
    public static PeriodReport Build(string pool, ReportPeriod report, DateTimeZone zone, IReadOnlyList<LogbookEntry> entries, IReadOnlyList<Vehicle> vehicles)
    {
        var period = report.In(zone);
        var driven = entries.Where(e => e.DepartedAt is { } d && period.Contains(d)).ToList();

        var cars = vehicles.Where(v => v.Status != VehicleStatus.Disposed || driven.Any(e => e.VehicleId == v.Id))
            .Select(v => Car(v, driven.Where(e => e.VehicleId == v.Id).ToList(), period, report, zone))
            .OrderBy(c => c.Plate, StringComparer.Ordinal)
            .ToList();

        var units = driven.GroupBy(e => e.UnitCode)
            .Select(g => new UnitUsage(g.Key, g.Count(), Km(g.Sum(e => e.DistanceMetres ?? 0)), g.Sum(e => e.TotalCost)))
            .OrderBy(u => u.UnitCode, StringComparer.Ordinal)
            .ToList();

        // A trip the unit drove itself is rated for the pool's service, but there is no driver to credit it to.
        var rated = driven.Where(e => e.Stars is not null).ToList();
        var drivers = rated.Where(e => e.DriverId is not null).GroupBy(e => e.DriverId!.Value)
            .Select(g => new DriverRatings(g.Key, g.Last().DriverName ?? "", g.Count(), Average(g.Select(e => e.Stars!.Value)),
                g.Select(e => e.RatingComment).OfType<string>().ToList()))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();

        var distance = cars.Sum(c => c.DistanceKm);
        var cost = cars.Sum(c => c.Cost);
        var hours = cars.Sum(c => c.HoursInUse);
        var available = cars.Sum(c => c.AvailableHours);
        var totals = new PoolFigures(pool, cars.Count, driven.Count, hours, available, Ratio(hours, available), distance, cars.Sum(c => c.FuelLitres),
            cars.Sum(c => c.EnergyKilowattHours), cost, Per100(cost, distance), rated.Count, Average(rated.Select(e => e.Stars!.Value)),
            driven.Count(e => e.Disputed));
        return new PeriodReport(report.Label, totals, cars, units, drivers);
    }

    private static VehicleFigures Car(Vehicle vehicle, List<LogbookEntry> trips, Interval period, ReportPeriod report, DateTimeZone zone)
    {
        var workshop = vehicle.MaintenanceWindows.Select(w => w.Occupancy).OfType<Interval>().Sum(o => Overlap(o, period).TotalHours);
        var monthHours = (period.End - period.Start).TotalHours;
        var inUse = trips.Sum(e => e.ReturnedAt is { } back ? Overlap(new Interval(e.DepartedAt!.Value, back), period).TotalHours : 0);
        var daysOut = trips.SelectMany(e => Days(e, zone)).Where(d => d >= report.First && d < report.EndExclusive).Distinct().Count();
        var distance = Km(trips.Sum(e => e.DistanceMetres ?? 0));
        var fuel = trips.Sum(e => e.FuelLitres ?? 0);
        var energy = trips.Sum(e => e.EnergyKilowattHours ?? 0);
        var cost = trips.Sum(e => e.TotalCost);
        var available = Round(monthHours - workshop);
        return new VehicleFigures(vehicle.Id, vehicle.Plate, trips.Count, Round(inUse), available, Ratio(Round(inUse), available), distance,
            report.Days - daysOut, fuel, energy, cost, fuel == 0 ? null : Per100(fuel, distance),
            energy == 0 ? null : Per100(energy, distance), Per100(cost, distance));
    }

    /// <summary>The local days a trip was out on, from the day it left to the day it came back.</summary>
    private static IEnumerable<LocalDate> Days(LogbookEntry e, DateTimeZone zone)
    {
        var first = e.DepartedAt!.Value.InZone(zone).Date;
        var last = (e.ReturnedAt ?? e.DepartedAt.Value).InZone(zone).Date;
        for (var day = first; day <= last; day = day.PlusDays(1)) yield return day;
    }

    private static Duration Overlap(Interval a, Interval b)
    {
        var start = Instant.Max(a.Start, b.Start);
        var end = Instant.Min(a.End, b.End);
        return end > start ? end - start : Duration.Zero;
    }

    private static decimal Km(long metres) => metres / 1000m;

    private static decimal Round(double hours) => Math.Round((decimal)hours, 2);

    private static decimal Ratio(decimal part, decimal whole) => whole == 0 ? 0 : Math.Round(part / whole, 4);

    private static decimal? Per100(decimal amount, decimal km) => km == 0 ? null : Math.Round(amount / km * 100, 2);

    private static decimal? Average(IEnumerable<int> stars)
    {
        var all = stars.ToList();
        return all.Count == 0 ? null : Math.Round((decimal)all.Sum() / all.Count, 2);
    }
}
