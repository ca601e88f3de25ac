using NodaTime;

namespace Fleet.Domain.Records;

/// <summary>A record as the checks read it: the imported facts, without their provenance.</summary>
public sealed record RecordFacts(Guid Id, RecordKind Kind, Guid VehicleId, string Plate, Instant At, string Place, decimal? Litres, decimal Amount)
{
    public static RecordFacts Of(OutsideRecordImported e) => new(e.RecordId, e.Kind, e.VehicleId, e.Plate, e.At, e.Place, e.Litres, e.Amount);
}

/// <summary>
/// A trip as the checks read it: when the car was out (the return not yet known for a trip under way: its planned end),
/// how far it went, and what was declared at its end; <paramref name="Declared"/> is false while nothing was.
/// </summary>
public sealed record TripFacts(Guid Id, Guid VehicleId, Instant DepartedAt, Instant Until, decimal? Kilometres, bool Declared, decimal? FuelLitres,
    decimal Tolls, decimal Parking);

/// <summary>What the checks need to know of a car: how much its tank holds, and what it burns per 100 km; either may be unknown.</summary>
public sealed record FuelFigures(decimal? TankLitres, decimal? LitresPer100Km);

/// <summary>
/// The margins the checks allow, each a matter of judgement written down: a record a little before or after a trip
/// belongs to it (a toll gate is passed minutes after the logbook says the car left), a trip may burn more than its
/// distance needs (traffic, air conditioning) and a top-up carries over, and declared amounts are typed by hand.
/// </summary>
public sealed record RecordRules(Duration Margin, decimal FuelSlack, decimal FuelAllowanceLitres, decimal AmountTolerance, decimal LitresTolerance)
{
    public static readonly RecordRules Default = new(Duration.FromMinutes(30), 1.5m, 10m, 1m, 1m);
}

/// <summary>What one check found: each record's trip and its own findings, and each trip's findings over its records.</summary>
public sealed record RecordCheck(IReadOnlyList<OutsideRecordChecked> Records, IReadOnlyList<TripRecordsChecked> Trips);

/// <summary>
/// Matches records from outside to the car's trips and flags what does not fit (docs/records.md): fuel bought on a day
/// without a trip, more in one purchase than the tank holds, more during a trip than its distance needs, tolls and
/// parking outside every trip, and declared tolls, parking or fuel that differ from the records. Pure: the store hands
/// over the records, the trips of their cars around them, and the cars' figures.
/// </summary>
public static class RecordChecks
{
    /// <summary>A trip that left this long before a record still counts for it (overnight and multi-day trips): how far the store is read around the records.</summary>
    public static readonly Duration Reach = Duration.FromDays(3);

    /// <summary>
    /// <paramref name="records"/> are the records to check; <paramref name="tripRecords"/> every record known of the trips
    /// they fall in (those checked now among them), so that a trip's sums are whole.
    /// </summary>
    public static RecordCheck Check(IReadOnlyList<RecordFacts> records, IReadOnlyList<TripFacts> trips, IReadOnlyList<RecordFacts> tripRecords,
        IReadOnlyDictionary<Guid, FuelFigures> figures, RecordRules rules, DateTimeZone zone, Instant now)
    {
        // Every lookup is by car, and each record's trip is found once: an import of a hundred thousand rows must not hold
        // every row against every trip.
        var tripsByCar = trips.GroupBy(t => t.VehicleId).ToDictionary(g => g.Key, g => (IReadOnlyList<TripFacts>)g.ToList());
        IReadOnlyList<TripFacts> TripsOf(Guid car) => tripsByCar.TryGetValue(car, out var mine) ? mine : [];
        var all = tripRecords.Concat(records).DistinctBy(r => r.Id).ToList();
        var fuelByCar = all.Where(r => r.Kind == RecordKind.Fuel).ToLookup(r => r.VehicleId);
        var tripOf = all.ToDictionary(r => r.Id, r => TripOf(r, TripsOf(r.VehicleId), rules));

        var checkedRecords = new List<OutsideRecordChecked>();
        var touched = new Dictionary<Guid, (TripFacts Trip, string Plate)>();
        foreach (var record in records)
        {
            var carTrips = TripsOf(record.VehicleId);
            var trip = tripOf[record.Id];
            var findings = new List<RecordFinding>();
            var tank = figures.GetValueOrDefault(record.VehicleId)?.TankLitres;
            switch (record.Kind)
            {
                case RecordKind.Fuel when !carTrips.Any(t => Touches(t, Day(record.At, zone), zone)):
                    findings.Add(new RecordFinding(RecordFindingKind.FuelWithoutTrip, record.At, record.Place, record.Litres ?? 0, null, null, 1));
                    break;
                case RecordKind.Toll when trip is null:
                    findings.Add(new RecordFinding(RecordFindingKind.TollOutsideTrip, record.At, record.Place, record.Amount, null, null, 1));
                    break;
                case RecordKind.Parking when trip is null:
                    findings.Add(new RecordFinding(RecordFindingKind.ParkingOutsideTrip, record.At, record.Place, record.Amount, null, null, 1));
                    break;
            }

            if (record is { Kind: RecordKind.Fuel, Litres: { } litres } && tank is { } holds && litres > holds + rules.LitresTolerance)
                findings.Add(new RecordFinding(RecordFindingKind.FuelOverTank, record.At, record.Place, litres, holds, null, 1));
            if (OverDistance(record, carTrips, fuelByCar[record.VehicleId], figures.GetValueOrDefault(record.VehicleId), rules) is { } over)
                findings.Add(over);
            if (trip is not null) touched[trip.Id] = (trip, record.Plate);
            checkedRecords.Add(new OutsideRecordChecked(record.Id, record.VehicleId, record.Plate, trip?.Id, findings, now));
        }

        // Records of one moment in a fixed order: the store hands them over in none, and a check run again must name the
        // same first record in its evidence.
        var byTrip = all.Where(r => tripOf[r.Id] is not null && touched.ContainsKey(tripOf[r.Id]!.Id)).GroupBy(r => tripOf[r.Id]!.Id)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.At).ThenBy(r => r.Id).ToList());
        var checkedTrips = touched.Values.OrderBy(t => t.Trip.DepartedAt).Select(t =>
        {
            var mine = byTrip[t.Trip.Id];
            return new TripRecordsChecked(t.Trip.Id, t.Trip.VehicleId, t.Plate, mine.Select(r => r.Id).ToList(), TripFindings(t.Trip, mine, rules), now);
        }).ToList();
        return new RecordCheck(checkedRecords, checkedTrips);
    }

    /// <summary>The trip of the record's car under way at the record's moment, give or take the margin; the nearest when two are.</summary>
    public static TripFacts? TripOf(RecordFacts record, IReadOnlyList<TripFacts> trips, RecordRules rules) =>
        trips.Where(t => t.VehicleId == record.VehicleId && t.DepartedAt - rules.Margin <= record.At && record.At <= t.Until + rules.Margin)
            .OrderBy(t => record.At < t.DepartedAt ? t.DepartedAt - record.At : record.At > t.Until ? record.At - t.Until : Duration.Zero)
            .FirstOrDefault();

    /// <summary>
    /// A purchase is held against what the car drove since its previous one: a car is filled when its tank runs low, not
    /// trip by trip, so a full tank after a short trip is what a long drive before it needs. The trips counted are those
    /// back after the previous purchase and gone before this one (both whole: the doubt goes to the driver). Without a
    /// previous purchase, the car's consumption, or the distance of a trip in between, nothing is concluded.
    /// </summary>
    public static RecordFinding? OverDistance(RecordFacts record, IReadOnlyList<TripFacts> trips, IEnumerable<RecordFacts> known, FuelFigures? figures,
        RecordRules rules)
    {
        if (record is not { Kind: RecordKind.Fuel, Litres: { } litres } || figures?.LitresPer100Km is not { } consumption) return null;
        var previous = known.Where(r => r.Kind == RecordKind.Fuel && r.VehicleId == record.VehicleId && r.At < record.At && r.Id != record.Id)
            .MaxBy(r => r.At);
        if (previous is null) return null;
        var between = trips.Where(t => t.VehicleId == record.VehicleId && t.Until > previous.At && t.DepartedAt <= record.At + rules.Margin).ToList();
        if (between.Any(t => t.Kilometres is null)) return null;
        var km = between.Sum(t => t.Kilometres!.Value);
        var need = decimal.Round(km * consumption / 100m * rules.FuelSlack + rules.FuelAllowanceLitres, 1);
        return litres > need ? new RecordFinding(RecordFindingKind.FuelOverDistance, record.At, record.Place, litres, need, km, between.Count) : null;
    }

    /// <summary>What a trip's records, summed, say against its declaration.</summary>
    public static IReadOnlyList<RecordFinding> TripFindings(TripFacts trip, IReadOnlyList<RecordFacts> records, RecordRules rules)
    {
        var findings = new List<RecordFinding>();
        var fuel = records.Where(r => r.Kind == RecordKind.Fuel).ToList();

        // Nothing declared yet (a trip under way): there is nothing to hold the records against.
        if (!trip.Declared) return findings;
        // Tolls and parking are held against records only when the trip has some of their kind: a toll paid in cash, a car
        // park of another operator, or an export not imported yet leaves none, and that is no sign of a false declaration.
        // Fuel is bought with the car's card, so declared fuel without a card record is a finding.
        var tolls = records.Where(r => r.Kind == RecordKind.Toll).ToList();
        var parking = records.Where(r => r.Kind == RecordKind.Parking).ToList();
        if (tolls.Count > 0) Compare(RecordFindingKind.DeclaredTollsDiffer, tolls, r => r.Amount, trip.Tolls, rules.AmountTolerance);
        if (parking.Count > 0) Compare(RecordFindingKind.DeclaredParkingDiffer, parking, r => r.Amount, trip.Parking, rules.AmountTolerance);
        if (trip.FuelLitres is not null || fuel.Count > 0)
            Compare(RecordFindingKind.DeclaredFuelDiffer, fuel, r => r.Litres ?? 0, trip.FuelLitres ?? 0, rules.LitresTolerance);
        return findings;

        void Compare(RecordFindingKind kind, IReadOnlyList<RecordFacts> of, Func<RecordFacts, decimal> figure, decimal declared, decimal tolerance)
        {
            var recorded = of.Sum(figure);
            if (Math.Abs(recorded - declared) > tolerance)
                findings.Add(new RecordFinding(kind, of.Count > 0 ? of[0].At : trip.DepartedAt, of.Count > 0 ? of[0].Place : null, recorded, declared, null,
                    of.Count));
        }
    }

    private static LocalDate Day(Instant at, DateTimeZone zone) => at.InZone(zone).Date;

    private static bool Touches(TripFacts trip, LocalDate day, DateTimeZone zone) => Day(trip.DepartedAt, zone) <= day && day <= Day(trip.Until, zone);
}
