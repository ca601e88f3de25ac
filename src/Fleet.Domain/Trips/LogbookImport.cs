using System.Globalization;
using System.Text;
using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Domain.Trips;

/// <summary>Where an imported trip came from: the file (by its SHA-256), its row, and who imported it.</summary>
public sealed record ImportProvenance(string FileHash, string FileName, int Row, Guid ImportedBy);

/// <summary>
/// A trip taken from a paper logbook (出车登记簿) after the fact: no request, approval or dispatch exists for it in
/// Fleet, only what the paper says, with where it came from. Stored as <c>trip_imported</c>.
/// </summary>
public sealed record TripImported(
    Guid TripId,
    string Pool,
    Guid VehicleId,
    string Plate,
    string? OrderNumber,
    string? Unit,
    string Purpose,
    string? DriverName,
    Instant DepartedAt,
    Instant ReturnedAt,
    Distance OdometerOut,
    Distance OdometerIn,
    decimal? FuelLitres,
    decimal Cost,
    ImportProvenance Provenance);

/// <summary>One row of a logbook file that was not taken, and why.</summary>
/// <param name="Reason">In English; <paramref name="Args"/> are its values, for the reader's language.</param>
public sealed record ImportRejection(int Row, string Code, string Reason, IReadOnlyList<string> Args);

/// <summary>A logbook file was imported: its rows, what was taken and what was not. Stored as <c>logbook_file_imported</c>.</summary>
public sealed record LogbookFileImported(string FileHash, string FileName, string Pool, int Rows, IReadOnlyList<int> AcceptedRows,
    IReadOnlyList<ImportRejection> Rejected, Guid ImportedBy, Instant At);

/// <summary>
/// What a logbook row's names are matched with: the pool's cars by plate, its units (the closed ones too: the paper is
/// older) by code or name, and the names of its drivers, past ones included.
/// </summary>
public sealed record LogbookRegistry(IReadOnlyDictionary<string, Vehicle> VehiclesByPlate, IReadOnlyList<(string Code, string Name)> Units,
    IReadOnlyList<string> DriverNames);

/// <summary>A time a vehicle is already known to have been out, which an imported trip must not overlap.</summary>
public sealed record VehicleUse(Guid VehicleId, Interval Time);

/// <summary>A paper logbook typed into the template, as CSV text, with the name of the file it came from, as sent.</summary>
public sealed record ImportLogbookForm(string? FileName, string? Csv);

/// <summary>A logbook file fit to be read: it has text, no more rows than a file may have, and a name.</summary>
public sealed record LogbookText(string FileName, string Csv);

/// <summary>
/// Reads a paper logbook typed into the template (Chinese headers, one trip per row) for one pool: every row is checked
/// on its own and against the vehicle's other trips, in the file and already known; its car, unit and driver must be the
/// pool's own, so that an imported trip counts for the unit and driver it names. Good rows become trips (the unit by its
/// code), the others are listed with the reason, so that the clerk can correct and import them again. A row without a
/// dispatch order number is taken as the paper has it, and the compliance view flags it.
/// </summary>
public static class LogbookImport
{
    public static readonly IReadOnlyList<string> Header =
        ["日期", "车牌号", "派车单号", "用车单位", "事由", "驾驶员", "出车时间", "回场时间", "出车里程", "回场里程", "加油量", "费用"];

    public const int MaxRows = 2_000;

    /// <summary>The name a file is known by when the form gives none.</summary>
    public const string DefaultFileName = "logbook-import.csv";

    private static readonly LocalDatePattern Day = LocalDatePattern.Iso;

    public static (LogbookText? Text, IReadOnlyList<Problem> Problems) Validate(ImportLogbookForm form)
    {
        if (string.IsNullOrWhiteSpace(form.Csv)) return (null, [Problem.Required("csv")]);
        // The header is a row of the file too.
        if (Csv(form.Csv).Count > MaxRows + 1)
            return (null, [Problem.Invalid("import.too_many_rows", "csv", "A file has at most {0} rows: split it.", MaxRows)]);

        var fileName = string.IsNullOrWhiteSpace(form.FileName) ? DefaultFileName : form.FileName.Trim();
        return (new LogbookText(fileName, form.Csv), []);
    }
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("H:mm");

    public static (IReadOnlyList<TripImported> Trips, LogbookFileImported Report) Read(string csv, string fileName, string fileHash, string pool,
        Guid importedBy, LogbookRegistry registry, IReadOnlyList<VehicleUse> known, Func<int, Guid> tripId,
        DateTimeZone zone, Instant now)
    {
        var lines = Csv(csv);
        var trips = new List<TripImported>();
        var rejected = new List<ImportRejection>();
        var taken = known.ToList();
        var lastReading = new Dictionary<Guid, (Instant Back, Distance In)>();
        var hasHeader = lines.Count > 0 && lines[0].Count > 0 && lines[0][0].Trim().TrimStart('\uFEFF') == Header[0];
        var rows = 0;

        // Rows are numbered as the file's lines, so that a clerk finds them in a spreadsheet.
        for (var index = hasHeader ? 1 : 0; index < lines.Count; index++)
        {
            if (lines[index].All(string.IsNullOrWhiteSpace)) continue;
            rows++;
            var (trip, problem) = Row(lines[index], index + 1);
            if (problem is not null)
            {
                rejected.Add(problem);
                continue;
            }

            taken.Add(new VehicleUse(trip!.VehicleId, new Interval(trip.DepartedAt, trip.ReturnedAt)));
            lastReading[trip.VehicleId] = (trip.ReturnedAt, trip.OdometerIn);
            trips.Add(trip);
        }

        return (trips, new LogbookFileImported(fileHash, fileName, pool, rows, trips.Select(t => t.Provenance.Row).ToList(), rejected, importedBy, now));

        (TripImported?, ImportRejection?) Row(List<string> cells, int row)
        {
            ImportRejection Refuse(string code, string template, params object[] args)
            {
                var values = args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray();
                return new ImportRejection(row, code, string.Format(CultureInfo.InvariantCulture, template, values), values);
            }
            if (cells.Count < Header.Count) return (null, Refuse("import.columns", "The row has {0} columns; the template has {1}.", cells.Count, Header.Count));
            string Cell(int i) => cells[i].Trim();

            var date = Day.Parse(Cell(0));
            if (!date.Success) return (null, Refuse("import.date_invalid", "'{0}' is not a date: write it as 2026-10-05.", Cell(0)));
            var outTime = Time.Parse(Cell(6));
            var backTime = Time.Parse(Cell(7));
            if (!outTime.Success || !backTime.Success)
                return (null, Refuse("import.time_invalid", "'{0}' or '{1}' is not a time: write it as 08:30.", Cell(6), Cell(7)));
            if (!Plate.TryParse(Cell(1), out var plate)) return (null, Refuse("import.plate_invalid", "'{0}' is not a plate number.", Cell(1)));
            if (!registry.VehiclesByPlate.TryGetValue(plate.ToString(), out var vehicle))
                return (null, Refuse("import.vehicle_unknown", "{0} is not a vehicle of this pool.", plate));
            if (Cell(3).Length == 0) return (null, Refuse("import.unit_missing", "The row names no unit: write the unit's code or name."));
            if (UnitCode(Cell(3)) is not { } unit)
                return (null, Refuse("import.unit_unknown", "'{0}' is not a unit of this pool: write its code or its name as the registry has it.", Cell(3)));
            if (Cell(5).Length == 0) return (null, Refuse("import.driver_missing", "The row names no driver."));
            switch (registry.DriverNames.Count(name => name == Cell(5)))
            {
                case 0: return (null, Refuse("import.driver_unknown", "'{0}' is not a driver of this pool.", Cell(5)));
                case > 1: return (null, Refuse("import.driver_ambiguous", "This pool has several drivers named '{0}': import their trips by hand.", Cell(5)));
            }

            var departed = date.Value.At(outTime.Value).InZoneLeniently(zone).ToInstant();
            var back = date.Value.At(backTime.Value).InZoneLeniently(zone).ToInstant();
            if (back <= departed) back += Duration.FromDays(1); // back after midnight: the paper has one date per line
            if (back > now) return (null, Refuse("import.in_future", "The trip ends after now: a logbook records trips that happened."));

            if (!decimal.TryParse(Cell(8), NumberStyles.Number, CultureInfo.InvariantCulture, out var outKm) ||
                !decimal.TryParse(Cell(9), NumberStyles.Number, CultureInfo.InvariantCulture, out var inKm) ||
                VehicleOdometer.OutOfRange(outKm, "odometerOut") is not null || VehicleOdometer.OutOfRange(inKm, "odometerIn") is not null)
                return (null, Refuse("import.odometer_invalid", "'{0}' and '{1}' are not odometer readings in kilometres.", Cell(8), Cell(9)));
            if (inKm < outKm) return (null, Refuse("import.odometer_backwards", "The car came back with {0} km after leaving with {1} km.", inKm, outKm));
            if (lastReading.TryGetValue(vehicle.Id, out var previous) && previous.Back <= departed && Distance.FromKilometres(outKm) < previous.In)
                return (null, Refuse("import.odometer_left_below",
                    "{0} left with {1} km after an earlier trip in this file brought it back with {2} km.", plate, outKm, previous.In.Kilometres));

            var window = new Interval(departed, back);
            if (taken.FirstOrDefault(u => u.VehicleId == vehicle.Id && u.Time.Start < window.End && window.Start < u.Time.End) is { } clash)
                return (null, Refuse("import.overlapping", "{0} was already out from {1} to {2}.", plate, Format(clash.Time.Start, zone), Format(clash.Time.End, zone)));

            decimal? fuel = decimal.TryParse(Cell(10), NumberStyles.Number, CultureInfo.InvariantCulture, out var litres) ? litres : null;
            var cost = decimal.TryParse(Cell(11), NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan) ? yuan : 0m;
            if (cost is < 0 or > TripDriving.MaxAmount || fuel is < 0 or > TripDriving.MaxFuelLitres)
                return (null, Refuse("import.amount_invalid", "Fuel or cost is out of range."));

            return (new TripImported(tripId(row), pool, vehicle.Id, vehicle.Plate, Blank(Cell(2)), unit, Cell(4), Cell(5), departed, back,
                Distance.FromKilometres(outKm), Distance.FromKilometres(inKm), fuel, cost, new ImportProvenance(fileHash, fileName, row, importedBy)), null);
        }

        string? UnitCode(string named) => registry.Units.FirstOrDefault(u =>
            string.Equals(u.Code, named, StringComparison.OrdinalIgnoreCase) || u.Name == named).Code;
    }

    private static string Format(Instant instant, DateTimeZone zone) => instant.InZone(zone).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>RFC 4180 rows: commas (or the delimiter given), quoted fields with doubled quotes, CRLF or LF.</summary>
    public static List<List<string>> Csv(string text, char delimiter = ',')
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }

            switch (c)
            {
                case '"': quoted = true; break;
                case var d when d == delimiter: row.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n': row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; break;
                default: field.Append(c); break;
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>An imported trip as its stream tells it: what the paper said and where it came from.</summary>
public sealed record ImportedTrip(Guid Id, string Pool, Guid VehicleId, Interval Time, ImportProvenance Provenance)
{
    public static ImportedTrip From(TripImported e) => new(e.TripId, e.Pool, e.VehicleId, new Interval(e.DepartedAt, e.ReturnedAt), e.Provenance);
}

/// <summary>An imported file as its stream (named after the file's hash) tells it: the report of its one import.</summary>
public sealed record LogbookFile(string FileHash, LogbookFileImported Import)
{
    public static LogbookFile From(LogbookFileImported e) => new(e.FileHash, e);
}
