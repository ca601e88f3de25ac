using System.Numerics;
using Fleet.Domain.Trips;
using NodaTime;

namespace Fleet.Projections.Reports;

/// <summary>
/// A pool's logbook added up for one local day (<c>2026-11-03</c>), month (<c>2026-11</c>) or year (<c>2026</c>):
/// what the figures report needs, so that a year of a thousand cars is one document read, not a hundred thousand
/// lines. Trips, distance, fuel, costs, ratings and disputes count in the period the trip left in; hours in use
/// and days out count in every period the trip was out in. Kept by <see cref="PeriodTotalsProjection"/>.
/// </summary>
public sealed class PeriodTotals
{
    /// <summary>The latest comments kept per driver and period: what a supervisor reads, not an archive (the logbook is).</summary>
    public const int CommentsPerDriver = 20;

    /// <summary>The period as <see cref="ReportPeriod.Key"/> writes it.</summary>
    public string Id { get; set; } = "";

    public Dictionary<Guid, CarTotals> Cars { get; set; } = [];
    public Dictionary<string, UnitTotals> Units { get; set; } = [];
    public Dictionary<Guid, DriverTotals> Drivers { get; set; } = [];
    public int Trips { get; set; }
    public int Ratings { get; set; }
    public int Stars { get; set; }
    public int Disputes { get; set; }

    public CarTotals Car(Guid vehicleId) => Cars.TryGetValue(vehicleId, out var car) ? car : Cars[vehicleId] = new CarTotals();

    public UnitTotals Unit(string code) => Units.TryGetValue(code, out var unit) ? unit : Units[code] = new UnitTotals();

    public DriverTotals Driver(Guid driverId) => Drivers.TryGetValue(driverId, out var driver) ? driver : Drivers[driverId] = new DriverTotals();

    /// <summary>The sums as the figures report takes them.</summary>
    public LogbookSums ToSums() => new(
        Cars.Select(c => new VehicleUse(c.Key, c.Value.Trips, c.Value.SecondsInUse / 3600m, c.Value.DistanceMetres, c.Value.FuelLitres,
            c.Value.EnergyKilowattHours, c.Value.Cost, c.Value.DaysOut.Sum(BitOperations.PopCount))).ToList(),
        Units.Select(u => new UnitUsage(u.Key, u.Value.Trips, u.Value.DistanceMetres / 1000m, u.Value.Cost)).ToList(),
        Drivers.Select(d => new DriverRatingSums(d.Key, d.Value.Ratings, d.Value.Stars, d.Value.Comments)).ToList(),
        Trips, Ratings, Stars, Disputes);
}

public sealed class CarTotals
{
    public int Trips { get; set; }
    public long SecondsInUse { get; set; }
    public long DistanceMetres { get; set; }
    public decimal FuelLitres { get; set; }
    public decimal EnergyKilowattHours { get; set; }
    public decimal Cost { get; set; }

    /// <summary>One bit per day of the period, set for each day the car was out: a day with two trips is one day out.</summary>
    public ulong[] DaysOut { get; set; } = [];

    public void MarkOut(int dayOfPeriod)
    {
        if (DaysOut.Length <= dayOfPeriod / 64) DaysOut = [.. DaysOut, .. new ulong[dayOfPeriod / 64 + 1 - DaysOut.Length]];
        DaysOut[dayOfPeriod / 64] |= 1UL << (dayOfPeriod % 64);
    }
}

public sealed class UnitTotals
{
    public int Trips { get; set; }
    public long DistanceMetres { get; set; }
    public decimal Cost { get; set; }
}

public sealed class DriverTotals
{
    public int Ratings { get; set; }
    public int Stars { get; set; }

    /// <summary>The latest <see cref="PeriodTotals.CommentsPerDriver"/>, oldest first.</summary>
    public List<string> Comments { get; set; } = [];
}

/// <summary>What a trip's later events need to know about it: who drove it for whom, and when and how it left.</summary>
public sealed record TripFacts(Guid VehicleId, Guid? DriverId, string UnitCode, Instant DepartedAt, long OdometerOutMetres);

/// <summary>
/// How each event of a driven trip changes the totals of the periods it falls in. Every such event happens once
/// in a trip's life (it leaves, comes back, is rated, is disputed; or it is imported whole), so each adds its share
/// and nothing has to be taken back.
/// </summary>
public static class PeriodTotalling
{
    /// <summary>The changes <paramref name="e"/> makes, by period; none for events that change no figure.</summary>
    public static IEnumerable<(string Period, Action<PeriodTotals> Change)> Changes(object e, TripFacts? trip, DateTimeZone zone) => e switch
    {
        TripStarted started when trip is not null => Left(trip, started.VehicleId, zone),
        TripFinished finished when trip is not null =>
            Driven(trip, finished.ReturnedAt, finished.OdometerIn.Metres, finished.FuelLitres, finished.EnergyKilowattHours,
                finished.FuelCost + finished.Tolls + finished.Parking + finished.OtherCosts, zone),
        TripRated rated when trip is not null => InPeriodsOf(trip.DepartedAt, zone, (totals, _) =>
        {
            totals.Ratings++;
            totals.Stars += rated.Stars;
            if (trip.DriverId is not { } driverId) return;
            var driver = totals.Driver(driverId);
            driver.Ratings++;
            driver.Stars += rated.Stars;
            if (rated.Comment is { Length: > 0 } comment)
            {
                driver.Comments.Add(comment);
                if (driver.Comments.Count > PeriodTotals.CommentsPerDriver) driver.Comments.RemoveAt(0);
            }
        }),
        TripDisputed when trip is not null => InPeriodsOf(trip.DepartedAt, zone, (totals, _) => totals.Disputes++),
        TripImported imported => Imported(imported, zone),
        _ => [],
    };

    private static IEnumerable<(string, Action<PeriodTotals>)> Imported(TripImported e, DateTimeZone zone)
    {
        var trip = new TripFacts(e.VehicleId, null, e.Unit ?? "", e.DepartedAt, e.OdometerOut.Metres);
        return [.. Left(trip, e.VehicleId, zone), .. Driven(trip, e.ReturnedAt, e.OdometerIn.Metres, e.FuelLitres, null, e.Cost, zone)];
    }

    private static IEnumerable<(string, Action<PeriodTotals>)> Left(TripFacts trip, Guid vehicleId, DateTimeZone zone)
    {
        var day = trip.DepartedAt.InZone(zone).Date;
        return InPeriodsOf(trip.DepartedAt, zone, (totals, period) =>
        {
            totals.Trips++;
            totals.Unit(trip.UnitCode).Trips++;
            var car = totals.Car(vehicleId);
            car.Trips++;
            car.MarkOut(Period.DaysBetween(period.First, day));
        });
    }

    private static IEnumerable<(string, Action<PeriodTotals>)> Driven(TripFacts trip, Instant returnedAt, long odometerIn, decimal? fuel,
        decimal? energy, decimal cost, DateTimeZone zone)
    {
        var distance = odometerIn - trip.OdometerOutMetres;
        var sums = InPeriodsOf(trip.DepartedAt, zone, (totals, _) =>
        {
            var car = totals.Car(trip.VehicleId);
            car.DistanceMetres += distance;
            car.FuelLitres += fuel ?? 0;
            car.EnergyKilowattHours += energy ?? 0;
            car.Cost += cost;
            var unit = totals.Unit(trip.UnitCode);
            unit.DistanceMetres += distance;
            unit.Cost += cost;
        });
        if (returnedAt <= trip.DepartedAt) return sums;

        // Time out belongs to every period it passed through, whichever the car left in.
        var out_ = new Interval(trip.DepartedAt, returnedAt);
        var first = trip.DepartedAt.InZone(zone).Date;
        var last = returnedAt.InZone(zone).Date;
        var spanned = Periods(first, last).Select(period => (period.Key, (Action<PeriodTotals>)(totals =>
        {
            var car = totals.Car(trip.VehicleId);
            var inPeriod = period.In(zone);
            var (start, end) = (Instant.Max(out_.Start, inPeriod.Start), Instant.Min(out_.End, inPeriod.End));
            if (end > start) car.SecondsInUse += (long)(end - start).TotalSeconds;
            for (var day = first > period.First ? first : period.First; day <= last && day < period.EndExclusive; day = day.PlusDays(1))
                car.MarkOut(Period.DaysBetween(period.First, day));
        })));
        return [.. sums, .. spanned];
    }

    private static IEnumerable<(string, Action<PeriodTotals>)> InPeriodsOf(Instant at, DateTimeZone zone, Action<PeriodTotals, ReportPeriod> change)
    {
        var day = at.InZone(zone).Date;
        return Periods(day, day).Select(period => (period.Key, (Action<PeriodTotals>)(totals => change(totals, period))));
    }

    /// <summary>Every day, month and year from <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static IEnumerable<ReportPeriod> Periods(LocalDate first, LocalDate last)
    {
        for (var day = first; day <= last; day = day.PlusDays(1)) yield return ReportPeriod.Day(day);
        for (var month = first.ToYearMonth(); month <= last.ToYearMonth(); month = month.PlusMonths(1)) yield return ReportPeriod.Month(month);
        for (var year = first.Year; year <= last.Year; year++) yield return ReportPeriod.Year(year);
    }
}
