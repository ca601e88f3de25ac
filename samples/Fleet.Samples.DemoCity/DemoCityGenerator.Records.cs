using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Domain.Records;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Samples.DemoCity;

/// <summary>
/// A mismatch the demo city plants in its records from outside for the checks to find: the finding expected, and the
/// record (for a record's own finding) or the trip (for declared amounts) it is expected on.
/// </summary>
public sealed record PlantedMismatch(string Pool, RecordFindingKind Kind, Guid Subject, string Plate, Instant At);

public sealed partial class DemoCityGenerator
{
    /// <summary>The order the planted mismatches take turns in, one a week in each pool.</summary>
    private static readonly RecordFindingKind[] PlantedKinds =
    [
        RecordFindingKind.FuelWithoutTrip, RecordFindingKind.FuelOverTank, RecordFindingKind.TollOutsideTrip, RecordFindingKind.ParkingOutsideTrip,
        RecordFindingKind.DeclaredTollsDiffer, RecordFindingKind.DeclaredParkingDiffer, RecordFindingKind.DeclaredFuelDiffer,
    ];

    private static readonly IReadOnlyList<RecordLayout> Layouts = ShippedLayouts();

    private readonly Dictionary<Guid, List<TripFacts>> _logbook = [];
    private readonly Dictionary<Guid, List<RecordFacts>> _recordsOf = [];
    private readonly Dictionary<string, Dictionary<string, Card>> _cards = [];
    private readonly Dictionary<(string Pool, RecordKind Kind), List<OutsideRow>> _rows = [];
    private readonly HashSet<Guid> _recordIds = [];
    private readonly HashSet<(string Pool, int Week)> _plantedWeeks = [];
    private readonly List<PlantedMismatch> _planted = [];

    /// <summary>The mismatches planted in the records, each with the finding the checks are expected to make; complete once <see cref="Generate"/> has been enumerated.</summary>
    public IReadOnlyList<PlantedMismatch> PlantedMismatches => _planted;

    /// <summary>
    /// A row of an issuer's export before it is written: for which car, when, where, how much; and the mismatch it carries,
    /// if planted: on its own record, or on its trip's declaration (<paramref name="Trip"/>).
    /// </summary>
    private sealed record OutsideRow(Guid VehicleId, string Plate, Instant At, string Place, decimal? Litres, decimal Amount, RecordFindingKind? Planted = null,
        Guid? Trip = null, RecordFindingKind? PlantedOnTrip = null);

    /// <summary>
    /// Each pool's fleet admin records every car's tank and consumption and binds a fuel card (cars that burn fuel) and an
    /// ETC card to it two days before the history; one fuel card of each pool wears out and is replaced halfway. From then
    /// on the pool imports the week's exports every Monday morning: the fuel-card transactions (GBK, as the issuer sends
    /// them), the ETC tolls and the city's parking charges, one file each, through the import's own reading and checks. The
    /// records are what the trips declared at their return, bought on the way; one mismatch a week in each pool, in turn of
    /// <see cref="PlantedKinds"/>, is planted for the checks to find. Ids, correlations and draws come from the pool, the
    /// car and the moment or from a random source of their own, so that the rest of the city stays what the seed made it.
    /// </summary>
    private void PlanRecords()
    {
        var equipped = Local(HistoryStart.InZone(_zone).Date.PlusDays(-2), 10, 0);
        var firstMonday = HistoryStart.InZone(_zone).Date.Next(IsoDayOfWeek.Monday);
        for (var p = 0; p < _pools.Count; p++)
        {
            var pool = _pools[p];
            var index = p;
            _cards[pool.Pool.Code] = [];
            var cars = pool.Vehicles.Keys.Order().ToList();
            for (var i = 0; i < cars.Count; i++)
            {
                var (car, number) = (cars[i], i);
                At(equipped + Duration.FromSeconds(30 * i + 5 * index), now => EquipWithCards(pool, index, number, car, now));
            }

            var replaced = Local(HistoryStart.InZone(_zone).Date.PlusDays(Math.Max(10, _size.Months * 15)), 11, 0);
            At(replaced + Duration.FromMinutes(index), now => ReplaceWornCard(pool, index, now));

            for (var monday = firstMonday; Local(monday, 10, 0) <= _end; monday = monday.PlusWeeks(1))
            {
                var day = monday;
                At(Local(day, 10, 0) + Duration.FromMinutes(10 * index), now => ImportTheWeek(pool, index, day, now));
            }
        }
    }

    /// <summary>Litres per 100 km as the demo's trips burn them; a hybrid burns six tenths of it. Electric cars: kWh per 100 km.</summary>
    private static decimal Consumption(Vehicle vehicle) => (vehicle.Class, IsElectric(vehicle)) switch
    {
        (VehicleClass.Sedan, true) => 15m,
        (VehicleClass.Mpv, true) => 19m,
        (VehicleClass.Minibus, true) => 32m,
        (VehicleClass.Bus, true) => 95m,
        (VehicleClass.Sedan, false) => 8.2m,
        (VehicleClass.Mpv, false) => 10.5m,
        (VehicleClass.Minibus, false) => 14m,
        (VehicleClass.Bus, false) => 24m,
        _ => 15m,
    } * (vehicle.EnergyType is EnergyType.Hybrid or EnergyType.PlugInHybrid ? 0.6m : 1m);

    private static bool IsElectric(Vehicle vehicle) => vehicle.EnergyType is EnergyType.BatteryElectric or EnergyType.FuelCell;

    private static decimal TankLitres(VehicleClass vehicleClass) => vehicleClass switch
    {
        VehicleClass.Sedan => 55m,
        VehicleClass.Mpv => 65m,
        VehicleClass.Minibus => 90m,
        VehicleClass.Bus => 250m,
        _ => 70m,
    };

    /// <summary>19 digits as on a 中国石化 card: the issuer's prefix, the pool, the car.</summary>
    private static string FuelCardNumber(int poolIndex, int vehicleIndex, bool reissued = false) =>
        $"10001131{poolIndex:D2}{(reissued ? 9 : 0)}{vehicleIndex:D8}";

    /// <summary>20 digits as on a 湖北 ETC card.</summary>
    private static string EtcCardNumber(int poolIndex, int vehicleIndex) => $"42011{poolIndex:D2}{vehicleIndex:D13}";

    private void EquipWithCards(PoolState pool, int poolIndex, int vehicleIndex, Guid car, Instant now)
    {
        var admin = pool.Staff[Role.FleetAdmin];
        var vehicle = pool.Vehicles[car];
        if (!IsElectric(vehicle))
        {
            vehicle = Apply(pool, vehicle, FuelFiguresRecording.Record(new RecordFuelFiguresForm(TankLitres(vehicle.Class), Consumption(vehicle)), vehicle,
                admin.UserId!.Value, now), now, admin, $"fuel-figures-{car:N}");
            Bind(pool, CardKind.Fuel, FuelCardNumber(poolIndex, vehicleIndex), vehicle, now);
        }

        Bind(pool, CardKind.Etc, EtcCardNumber(poolIndex, vehicleIndex), vehicle, now);
    }

    private void Bind(PoolState pool, CardKind kind, string number, Vehicle vehicle, Instant now)
    {
        var admin = pool.Staff[Role.FleetAdmin];
        var decision = CardBinding.Bind(kind, number, vehicle, null, admin.UserId!.Value, now);
        if (Record(pool, CardBinding.IdOf(kind, number), DemoStream.Card, decision, now, admin, $"card-{number}") is [CardBound bound])
            _cards[pool.Pool.Code][number] = Card.From(bound);
    }

    /// <summary>The fuel card of the pool's first car that has one, the card with the lowest number.</summary>
    private void ReplaceWornCard(PoolState pool, int poolIndex, Instant now)
    {
        if (_cards[pool.Pool.Code].Values.Where(c => c is { Kind: CardKind.Fuel, Current: not null }).MinBy(c => c.Number) is not { } card) return;
        var admin = pool.Staff[Role.FleetAdmin];
        var vehicleIndex = int.Parse(card.Number[^8..], CultureInfo.InvariantCulture);
        var decision = CardBinding.Replace(card, FuelCardNumber(poolIndex, vehicleIndex, reissued: true), "卡片磨损，发卡机构换发新卡", null, admin.UserId!.Value, now);
        if (!decision.IsAccepted)
        {
            Record(pool, card.Id, DemoStream.Card, decision, now, admin);
            return;
        }

        var correlation = $"card-{card.Number}-replaced";
        var (replaced, bound) = (decision.Events.OfType<CardReplaced>().Single(), decision.Events.OfType<CardBound>().Single());
        Record(pool, card.Id, DemoStream.Card, Decision.Accept(replaced), now, admin, correlation);
        Record(pool, bound.CardId, DemoStream.Card, Decision.Accept(bound), now, admin, correlation);
        _cards[pool.Pool.Code][card.Number] = card.When(replaced);
        _cards[pool.Pool.Code][bound.Number] = Card.From(bound);
    }

    /// <summary>The car's fuel card now, if it has one.</summary>
    private Card? FuelCard(PoolState pool, Guid car) =>
        _cards.GetValueOrDefault(pool.Pool.Code)?.Values.FirstOrDefault(c => c.Kind == CardKind.Fuel && c.Current?.VehicleId == car);

    /// <summary>The card of the kind that paid for the car at the moment: the number the issuer's export prints.</summary>
    private string? CardAt(string pool, CardKind kind, Guid car, Instant at) =>
        _cards[pool].Values.FirstOrDefault(c => c.Kind == kind && c.HeldAt(at)?.VehicleId == car)?.Number;

    /// <summary>What the records need of a trip, kept as the logbook keeps it: out when it starts, its distance and declarations when it is back.</summary>
    private void Log(TripState state, IReadOnlyList<object> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case TripStarted started:
                    Driven(started.VehicleId).Add(new TripFacts(started.TripId, started.VehicleId, started.At, state.Trip.Details.End, null, false, null, 0, 0));
                    break;
                case TripFinished finished when state.Trip.StartedAt is { } departed && state.Trip.OdometerOut is { } odometerOut:
                    var trips = Driven(finished.VehicleId);
                    trips.RemoveAll(t => t.Id == finished.TripId);
                    var facts = new TripFacts(finished.TripId, finished.VehicleId, departed, finished.ReturnedAt,
                        (finished.OdometerIn - odometerOut).Metres / 1000m, true, finished.FuelLitres, finished.Tolls, finished.Parking);
                    trips.Add(facts);
                    KeepRows(state, facts, finished);
                    break;
            }
        }
    }

    private List<TripFacts> Driven(Guid car) => _logbook.TryGetValue(car, out var trips) ? trips : _logbook[car] = [];

    /// <summary>
    /// The rows the issuers will send of a trip back with its declarations: the fuel bought on the way (in purchases the tank
    /// takes), the ETC tolls (out and back for a trip out of the city), the parking when leaving the car park. The week's
    /// planted mismatch on declared amounts goes into the first trip that has what it needs.
    /// </summary>
    private void KeepRows(TripState state, TripFacts trip, TripFinished finished)
    {
        var pool = state.Pool;
        var code = pool.Pool.Code;
        var vehicle = pool.Vehicles[trip.VehicleId];
        var plate = state.Trip.Assignment!.Plate;
        var week = WeekOf(trip.Until);
        var planted = PlantedKinds[(week + _pools.IndexOf(pool)) % PlantedKinds.Length];
        bool Plant(RecordFindingKind kind, bool fits) => planted == kind && fits && _plantedWeeks.Add((code, week));
        Instant On(double share) => trip.DepartedAt + Duration.FromSeconds((long)((trip.Until - trip.DepartedAt).TotalSeconds * share));

        if (finished.FuelLitres is { } litres && FuelCard(pool, vehicle.Id) is not null)
        {
            var tank = vehicle.Fuel?.TankLitres ?? TankLitres(vehicle.Class);
            var price = finished.FuelCost / litres;
            if (Plant(RecordFindingKind.FuelOverTank, true))
            {
                // A can filled beside the tank: more in one purchase than the car holds.
                var bought = tank + 25m;
                Row(RecordKind.Fuel, new OutsideRow(vehicle.Id, plate, On(0.8), Station(), bought, Math.Round(bought * price, 2), RecordFindingKind.FuelOverTank,
                    trip.Id, RecordFindingKind.DeclaredFuelDiffer));
            }
            else
            {
                // The driver declares more than the card shows.
                var short8 = Plant(RecordFindingKind.DeclaredFuelDiffer, litres >= 20m) ? 8m : 0m;
                var purchases = (int)Math.Ceiling(litres / (0.8m * tank));
                var left = litres - short8;
                for (var i = 0; i < purchases; i++)
                {
                    var part = i == purchases - 1 ? left : Math.Round((litres - short8) / purchases, 2);
                    left -= part;
                    Row(RecordKind.Fuel, new OutsideRow(vehicle.Id, plate, On((i + 1.0) / (purchases + 1)), Station(), part, Math.Round(part * price, 2), null,
                        trip.Id, short8 > 0 && i == 0 ? RecordFindingKind.DeclaredFuelDiffer : null));
                }
            }
        }

        if (finished.Tolls > 0)
        {
            // The driver declares tolls the ETC card never paid.
            var tolls = Plant(RecordFindingKind.DeclaredTollsDiffer, finished.Tolls >= 10m) ? finished.Tolls - Math.Max(5m, Math.Round(finished.Tolls * 0.4m)) : finished.Tolls;
            RecordFindingKind? tollsPlanted = tolls != finished.Tolls ? RecordFindingKind.DeclaredTollsDiffer : null;
            if (state.Trip.Details.OutOfRegion)
            {
                var outbound = Math.Round(tolls / 2, 2);
                Row(RecordKind.Toll, new OutsideRow(vehicle.Id, plate, On(0.15), TollGate(outOfCity: true), null, outbound, null, trip.Id, tollsPlanted));
                Row(RecordKind.Toll, new OutsideRow(vehicle.Id, plate, On(0.85), TollGate(outOfCity: false), null, tolls - outbound));
            }
            else Row(RecordKind.Toll, new OutsideRow(vehicle.Id, plate, On(0.5), TollGate(outOfCity: false), null, tolls, null, trip.Id, tollsPlanted));
        }

        if (finished.Parking > 0)
        {
            var parking = Plant(RecordFindingKind.DeclaredParkingDiffer, finished.Parking >= 10m) ? finished.Parking - 5m : finished.Parking;
            Row(RecordKind.Parking, new OutsideRow(vehicle.Id, plate, On(0.9), CarPark(), null, parking, null, trip.Id,
                parking != finished.Parking ? RecordFindingKind.DeclaredParkingDiffer : null));
        }

        void Row(RecordKind kind, OutsideRow row)
        {
            if (!_rows.TryGetValue((code, kind), out var rows)) _rows[(code, kind)] = rows = [];
            rows.Add(row);
        }
    }

    /// <summary>Weeks since the Monday the imports start from.</summary>
    private int WeekOf(Instant at) =>
        Period.Between(HistoryStart.InZone(_zone).Date.Next(IsoDayOfWeek.Monday).PlusWeeks(-1), at.InZone(_zone).Date, PeriodUnits.Days).Days / 7;

    private string Station() => PickOutside(Stations);

    private string TollGate(bool outOfCity) => PickOutside(outOfCity ? FarTollGates : CityTollGates);

    private string CarPark() => PickOutside(CarParks);

    private string PickOutside(string[] names) => names[_outside.Next(names.Length)];

    private static readonly string[] Stations =
    [
        "中国石化武汉友谊大道加油站", "中国石化武汉解放大道加油站", "中国石化武汉建设大道加油站", "中国石化武汉三环线杨泗港加油站",
        "中国石化武汉沌阳大道加油站", "中国石化京港澳高速孝感服务区加油站", "中国石化沪渝高速鄂州服务区加油站",
    ];

    private static readonly string[] CityTollGates = ["武汉绕城高速汉口北收费站", "武汉绕城高速豹澥收费站", "武汉机场高速天河收费站", "武汉绕城高速蔡甸收费站"];

    private static readonly string[] FarTollGates =
    [
        "京港澳高速孝感南收费站", "沪渝高速鄂州收费站", "沪渝高速黄石收费站", "福银高速随州收费站", "京港澳高速咸宁北收费站", "沪渝高速荆州收费站",
    ];

    private static readonly string[] CarParks =
    [
        "武汉市民之家停车场", "汉口火车站P3停车场", "武汉站东广场停车场", "楚河汉街地下停车场", "武汉国际博览中心停车场", "湖北省人民医院停车场",
    ];

    /// <summary>
    /// Monday morning: the week's planted mismatch outside every trip, if it is one of those, then the three exports as the
    /// issuers send them, each imported and checked as the import endpoint does it.
    /// </summary>
    private void ImportTheWeek(PoolState pool, int poolIndex, LocalDate monday, Instant now)
    {
        var code = pool.Pool.Code;
        var week = WeekOf(Local(monday, 0, 0)) - 1;
        var planted = PlantedKinds[(week + poolIndex) % PlantedKinds.Length];
        if (week >= 0 && planted is RecordFindingKind.FuelWithoutTrip or RecordFindingKind.TollOutsideTrip or RecordFindingKind.ParkingOutsideTrip
            && _plantedWeeks.Add((code, week)))
            PlantOutsideTrips(pool, planted, monday);

        foreach (var layout in Layouts)
        {
            if (!_rows.Remove((code, layout.Kind), out var rows) || rows.Count == 0) continue;
            Import(pool, layout, rows.OrderBy(r => r.At).ToList(), monday, now);
        }
    }

    /// <summary>
    /// Fuel bought on the Sunday by a car that made no trip that day; a toll on the Saturday afternoon and parking on the
    /// Sunday evening of a car nowhere near a trip. A car is chosen that the pool's logbook shows idle then, hours either side.
    /// </summary>
    private void PlantOutsideTrips(PoolState pool, RecordFindingKind kind, LocalDate monday)
    {
        var (day, at, litres, amount) = kind switch
        {
            RecordFindingKind.FuelWithoutTrip => (monday.PlusDays(-1), Local(monday.PlusDays(-1), 16, 10 + _outside.Next(40)), 38.5m, 0m),
            RecordFindingKind.TollOutsideTrip => (monday.PlusDays(-2), Local(monday.PlusDays(-2), 15, 5 + _outside.Next(50)), (decimal?)null, 35m),
            _ => (monday.PlusDays(-1), Local(monday.PlusDays(-1), 20, 5 + _outside.Next(50)), (decimal?)null, 20m),
        };
        if (at < HistoryStart) return;
        var idle = pool.Vehicles.Values.OrderBy(v => v.Id)
            .Where(v => kind != RecordFindingKind.FuelWithoutTrip || FuelCard(pool, v.Id) is not null)
            .FirstOrDefault(v => !Driven(v.Id).Any(t => kind == RecordFindingKind.FuelWithoutTrip
                ? t.DepartedAt.InZone(_zone).Date <= day && day <= t.Until.InZone(_zone).Date
                : t.DepartedAt - Duration.FromHours(2) < at && at < t.Until + Duration.FromHours(2)));
        if (idle is null) return;

        var (recordKind, place) = kind switch
        {
            RecordFindingKind.FuelWithoutTrip => (RecordKind.Fuel, Station()),
            RecordFindingKind.TollOutsideTrip => (RecordKind.Toll, TollGate(outOfCity: false)),
            _ => (RecordKind.Parking, CarPark()),
        };
        if (litres is { } l) amount = Math.Round(l * 7.9m, 2);
        if (!_rows.TryGetValue((pool.Pool.Code, recordKind), out var rows)) _rows[(pool.Pool.Code, recordKind)] = rows = [];
        rows.Add(new OutsideRow(idle.Id, idle.Plate, at, place, litres, amount, kind));
    }

    /// <summary>
    /// Writes the rows as the issuer's file (its columns, its time pattern, its encoding), reads it back with the import's
    /// reader and checks the records as the import does: against the cars' trips around them (back to each car's previous
    /// fuel purchase), the records known of those trips, and the cars' fuel figures.
    /// </summary>
    private void Import(PoolState pool, RecordLayout layout, List<OutsideRow> rows, LocalDate monday, Instant now)
    {
        var code = pool.Pool.Code;
        var admin = pool.Staff[Role.FleetAdmin];
        var cardKind = layout.Kind == RecordKind.Fuel ? CardKind.Fuel : CardKind.Etc;
        var bytes = layout.TextEncoding()!.GetBytes(Csv(layout, rows, code, cardKind));
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var fileName = $"{layout.Name}-{code}-{monday.ToString("uuuuMMdd", CultureInfo.InvariantCulture)}.csv";
        var registry = new RecordRegistry(
            pool.Vehicles.Values.Where(v => v.Status != VehicleStatus.Disposed).ToDictionary(v => v.Plate, v => (v.Id, v.Plate)),
            _cards[code].Values.Where(c => c.Kind == cardKind).ToDictionary(c => c.Number));
        var (records, report) = RecordImport.Read(layout.Decode(bytes)!, layout, fileName, hash, code, admin.UserId!.Value, registry,
            _recordIds.Contains, _zone, now);

        var facts = records.Select(RecordFacts.Of).ToList();
        var check = Check(facts, pool, now);
        report = report with { Flagged = check.Records.Count(r => r.Findings.Count > 0) + check.Trips.Count(t => t.Findings.Count > 0) };
        var correlation = $"records-{hash[..16]}";
        Record(pool, RecordImport.FileStreamId(hash), DemoStream.RecordFile, Decision.Accept(report), now, admin, correlation);
        var findings = check.Records.ToDictionary(c => c.RecordId);
        foreach (var record in records)
        {
            Record(pool, record.RecordId, DemoStream.OutsideRecord, Decision.Accept(record, findings[record.RecordId]), now, admin, correlation);
            if (!_recordsOf.TryGetValue(record.VehicleId, out var known)) _recordsOf[record.VehicleId] = known = [];
            known.Add(RecordFacts.Of(record));
            _recordIds.Add(record.RecordId);
            // A planted row's record is found by the row it was written on (the header lines above the first).
            var row = rows[record.Provenance.Row - 1 - layout.HeaderRows];
            if (row.Planted is { } planted) _planted.Add(new PlantedMismatch(code, planted, record.RecordId, record.Plate, record.At));
            if (row is { PlantedOnTrip: { } onTrip, Trip: { } tripId }) _planted.Add(new PlantedMismatch(code, onTrip, tripId, record.Plate, record.At));
        }

        foreach (var trip in check.Trips) Record(pool, trip.TripId, DemoStream.Trip, Decision.Accept(trip), now, admin, correlation);
    }

    /// <summary>The window the import's check reads, as the server reads it from the store (RecordChecking).</summary>
    private RecordCheck Check(IReadOnlyList<RecordFacts> records, PoolState pool, Instant now)
    {
        if (records.Count == 0) return new RecordCheck([], []);
        var cars = records.Select(r => r.VehicleId).Distinct().ToList();
        var (from, to) = (records.Min(r => r.At) - RecordChecks.Reach, records.Max(r => r.At) + RecordChecks.Reach);
        foreach (var (car, first) in records.Where(r => r.Kind == RecordKind.Fuel).GroupBy(r => r.VehicleId).Select(g => (g.Key, g.Min(r => r.At))))
            if (_recordsOf.GetValueOrDefault(car)?.Where(r => r.Kind == RecordKind.Fuel && r.At < first).MaxBy(r => r.At) is { } previous
                && previous.At - RecordChecks.Reach < from)
                from = previous.At - RecordChecks.Reach;

        var trips = cars.SelectMany(Driven).Where(t => t.DepartedAt >= from && t.DepartedAt <= to).ToList();
        var known = cars.SelectMany(c => _recordsOf.GetValueOrDefault(c) ?? []).Where(r => r.At >= from && r.At <= to).ToList();
        var figures = cars.Select(c => pool.Vehicles[c]).Where(v => v.Fuel is not null).ToDictionary(v => v.Id, v => v.Fuel!);
        return RecordChecks.Check(records, trips, known, figures, RecordRules.Default, _zone, now);
    }

    /// <summary>The rows in the layout's own columns, time pattern and decimals; the card that paid at the row's moment, or the plate.</summary>
    private string Csv(RecordLayout layout, IReadOnlyList<OutsideRow> rows, string pool, CardKind cardKind)
    {
        var fields = RecordLayout.Fields.Where(layout.Columns.ContainsKey).ToList();
        var time = LocalDateTimePattern.CreateWithInvariantCulture(layout.TimeFormat);
        var text = new StringBuilder(string.Join(layout.Delimiter, fields.Select(f => layout.Columns[f]))).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(layout.Delimiter, fields.Select(field => field switch
            {
                "card" => CardAt(pool, cardKind, row.VehicleId, row.At) ?? "",
                "plate" => row.Plate,
                "time" => time.Format(row.At.InZone(_zone).LocalDateTime),
                "place" => row.Place,
                "litres" => Figure(row.Litres ?? 0),
                "amount" => Figure(row.Amount),
                _ => "",
            })).Append("\r\n");
        }

        return text.ToString();

        string Figure(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', layout.DecimalSeparator);
    }

    /// <summary>The layouts Fleet ships, read from the server's own file: the demo writes its exports exactly as those issuers do.</summary>
    private static IReadOnlyList<RecordLayout> ShippedLayouts()
    {
        using var stream = typeof(DemoCityGenerator).Assembly.GetManifestResourceStream("record-layouts.json")!;
        var layouts = JsonSerializer.Deserialize<List<RecordLayout>>(stream, new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } })!;
        // Fuel first: a trip's declared fuel is held against its card records, which are then in when its tolls and parking come.
        return layouts.OrderBy(l => l.Kind).ToList();
    }
}
