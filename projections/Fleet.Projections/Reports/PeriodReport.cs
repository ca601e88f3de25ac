using System.Globalization;
using Fleet.Domain.Calendar;
using Fleet.Domain.Common;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Projections.Reports;

/// <summary>One car's period (a day, a month or a year): how much it was used against the time it could have been, how far it went, what it cost.</summary>
/// <param name="HoursInUse">The part of every trip that lay inside the period, whenever the car left.</param>
/// <param name="AvailableHours">The period's hours less the hours in the workshop: the time it could have been dispatched.</param>
/// <param name="IdleDays">Local days of the period on which it was not out at all.</param>
/// <param name="WorkingHoursUtilization">Hours in use against the pool's working hours of the period: <see cref="WorkingTime"/>.</param>
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
    decimal? CostPer100Km,
    decimal WorkingHoursUtilization = 0);

/// <summary>
/// The hours a pool's cars are meant to be at work in a period: its working days — by the city's working calendar (no
/// public holiday, every make-up working day) and the approval policy's days of the week — times the hours of its
/// working day. Utilization against them is what a supervisor reads as 使用率: 出车时长 ÷ (车辆数 × 工作日数 × 每日工作小时).
/// </summary>
/// <param name="DaysWithoutCalendar">
/// Days of the period in a year the city has published no calendar for: counted by the policy's days of the week, and
/// said so wherever the figure is shown, since their holidays could not be taken out.
/// </param>
public sealed record WorkingTime(int Days, decimal HoursPerDay, int DaysWithoutCalendar = 0)
{
    public static WorkingTime Of(ApprovalPolicy policy, WorkingCalendar calendar, ReportPeriod period)
    {
        var (days, unknown) = (0, 0);
        for (var day = period.First; day < period.EndExclusive; day = day.PlusDays(1))
        {
            if (calendar.KindOf(day) == DayKind.Unknown) unknown++;
            if (calendar.IsWorkday(day, policy.Workdays)) days++;
        }

        var hours = Period.Between(policy.WorkdayStart, policy.WorkdayEnd, PeriodUnits.Minutes).Minutes / 60m;
        return new WorkingTime(days, Math.Max(0, Math.Round(hours, 2)), unknown);
    }

    /// <summary>One car's working hours in the period.</summary>
    public decimal HoursPerCar => Days * HoursPerDay;
}

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
    int Disputes,
    int WorkingDays = 0,
    decimal WorkdayHours = 0,
    decimal WorkingHours = 0,
    decimal WorkingHoursUtilization = 0,
    int DaysWithoutCalendar = 0);

/// <summary>
/// The local days a report covers — one day, one month or one year — and how it is written: 2026-11-03, 2026-11, 2026.
/// </summary>
public sealed record ReportPeriod(string Label, LocalDate First, LocalDate EndExclusive)
{
    public static ReportPeriod? Parse(string? text) => Read(text).Period;

    /// <summary>
    /// The period a text names, if any; <c>Outside</c> when it is written as a day, month or year but lies beyond
    /// <see cref="FleetCalendar"/>, where the next day or month may not exist.
    /// </summary>
    public static (ReportPeriod? Period, bool Outside) Read(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 4 && value.All(char.IsAsciiDigit))
        {
            var year = int.Parse(value, CultureInfo.InvariantCulture);
            return FleetCalendar.Holds(year) ? (new ReportPeriod(value, new LocalDate(year, 1, 1), new LocalDate(year + 1, 1, 1)), false) : (null, true);
        }

        if (NodaTime.Text.YearMonthPattern.Iso.Parse(value) is { Success: true } month)
            return FleetCalendar.Holds(month.Value)
                ? (new ReportPeriod(value, month.Value.OnDayOfMonth(1), month.Value.OnDayOfMonth(1).PlusMonths(1)), false)
                : (null, true);
        if (NodaTime.Text.LocalDatePattern.Iso.Parse(value) is { Success: true } day)
            return FleetCalendar.Holds(day.Value) ? (new ReportPeriod(value, day.Value, day.Value.PlusDays(1)), false) : (null, true);
        return (null, false);
    }

    public static ReportPeriod Day(LocalDate day) => new(day.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), day, day.PlusDays(1));

    public static ReportPeriod Month(YearMonth month) =>
        new(month.ToString("uuuu-MM", CultureInfo.InvariantCulture), month.OnDayOfMonth(1), month.OnDayOfMonth(1).PlusMonths(1));

    public static ReportPeriod Year(int year) => new(year.ToString("D4", CultureInfo.InvariantCulture), new LocalDate(year, 1, 1), new LocalDate(year + 1, 1, 1));

    /// <summary>The period written the one way it is stored under, whichever way it was asked for.</summary>
    public string Key => Days == 1 ? Day(First).Label : First.Day == 1 && First.PlusMonths(1) == EndExclusive ? Month(First.ToYearMonth()).Label : Year(First.Year).Label;

    public Interval In(DateTimeZone zone) => new(zone.AtStartOfDay(First).ToInstant(), zone.AtStartOfDay(EndExclusive).ToInstant());

    public int Days => Period.DaysBetween(First, EndExclusive);
}

public sealed record PeriodReport(
    string Period,
    PoolFigures Totals,
    IReadOnlyList<VehicleFigures> Vehicles,
    IReadOnlyList<UnitUsage> Units,
    IReadOnlyList<DriverRatings> Drivers);

/// <summary>What one car's logbook adds up to in a period.</summary>
/// <param name="HoursInUse">The part of each trip that lay inside the period, whenever it left; trips not yet back count none.</param>
/// <param name="DaysOut">Local days of the period on which the car was out, from the day it left to the day it came back.</param>
public sealed record VehicleUse(Guid VehicleId, int Trips, decimal HoursInUse, long DistanceMetres, decimal FuelLitres, decimal EnergyKilowattHours,
    decimal Cost, int DaysOut);

/// <summary>The ratings of one driver's trips that left in a period, with what the people served wrote, oldest first.</summary>
public sealed record DriverRatingSums(Guid DriverId, int Ratings, int Stars, IReadOnlyList<string> Comments);

/// <summary>
/// A period's logbook added up: per car, per unit, per rated driver, and over every line that left in the period.
/// </summary>
public sealed record LogbookSums(
    IReadOnlyList<VehicleUse> Vehicles,
    IReadOnlyList<UnitUsage> Units,
    IReadOnlyList<DriverRatingSums> Drivers,
    int Trips,
    int Ratings,
    int Stars,
    int Disputes);

/// <summary>
/// A pool's day, month or year from its logbook: every figure is a sum over the trips the cars actually drove, never a
/// number somebody typed into a report. Trips, distance, fuel and costs count in the period the trip left in; hours in
/// use and days out in every period the car was out in, so that a trip over the end of a month is used time in both
/// and the months of a year add up to the year. A car's available hours are the period less its workshop time.
/// </summary>
public static class PeriodReports
{
    /// <param name="driverNames">The pool's drivers by id; a rated driver missing from it is shown without a name.</param>
    /// <param name="working">The pool's working time in the period, what utilization is measured against.</param>
    public static PeriodReport Build(string pool, ReportPeriod report, DateTimeZone zone, LogbookSums sums, IReadOnlyList<Vehicle> vehicles,
        IReadOnlyDictionary<Guid, string> driverNames, WorkingTime working)
    {
        var period = report.In(zone);
        var use = sums.Vehicles.ToDictionary(v => v.VehicleId);

        var cars = vehicles.Where(v => v.Status != VehicleStatus.Disposed || use.ContainsKey(v.Id))
            .Select(v => Car(v, use.GetValueOrDefault(v.Id) ?? new VehicleUse(v.Id, 0, 0, 0, 0, 0, 0, 0), period, report, working))
            .OrderBy(c => c.Plate, StringComparer.Ordinal)
            .ToList();

        var units = sums.Units.OrderBy(u => u.UnitCode, StringComparer.Ordinal).ToList();

        // A trip the unit drove itself is rated for the pool's service, but there is no driver to credit it to.
        var drivers = sums.Drivers
            .Select(d => new DriverRatings(d.DriverId, driverNames.GetValueOrDefault(d.DriverId, ""), d.Ratings, Average(d.Stars, d.Ratings), d.Comments))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();

        var distance = cars.Sum(c => c.DistanceKm);
        var cost = cars.Sum(c => c.Cost);
        var hours = cars.Sum(c => c.HoursInUse);
        var available = cars.Sum(c => c.AvailableHours);
        var totals = new PoolFigures(pool, cars.Count, sums.Trips, hours, available, Ratio(hours, available), distance, cars.Sum(c => c.FuelLitres),
            cars.Sum(c => c.EnergyKilowattHours), cost, Per100(cost, distance), sums.Ratings, Average(sums.Stars, sums.Ratings), sums.Disputes,
            working.Days, working.HoursPerDay, cars.Count * working.HoursPerCar, Ratio(hours, cars.Count * working.HoursPerCar), working.DaysWithoutCalendar);
        return new PeriodReport(report.Label, totals, cars, units, drivers);
    }

    private static VehicleFigures Car(Vehicle vehicle, VehicleUse use, Interval period, ReportPeriod report, WorkingTime working)
    {
        var workshop = vehicle.MaintenanceWindows.Select(w => w.Occupancy).OfType<Interval>().Sum(o => Overlap(o, period).TotalHours);
        var periodHours = (period.End - period.Start).TotalHours;
        var distance = Km(use.DistanceMetres);
        var inUse = Math.Round(use.HoursInUse, 2);
        var available = Round(periodHours - workshop);
        return new VehicleFigures(vehicle.Id, vehicle.Plate, use.Trips, inUse, available, Ratio(inUse, available), distance,
            report.Days - use.DaysOut, use.FuelLitres, use.EnergyKilowattHours, use.Cost, use.FuelLitres == 0 ? null : Per100(use.FuelLitres, distance),
            use.EnergyKilowattHours == 0 ? null : Per100(use.EnergyKilowattHours, distance), Per100(use.Cost, distance), Ratio(inUse, working.HoursPerCar));
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

    private static decimal? Average(int stars, int ratings) => ratings == 0 ? null : Math.Round((decimal)stars / ratings, 2);
}
