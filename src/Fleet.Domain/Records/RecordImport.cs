using System.Globalization;
using Fleet.Domain.Common;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Domain.Records;

/// <summary>An issuer's export as uploaded: the layout it is in, the file's name and its bytes (Base64 in the API's JSON).</summary>
public sealed record ImportRecordsForm(string? Layout, string? FileName, string? Content);

/// <summary>The pool's cars by plate and its cards by number, which every row must name, as the store holds them now.</summary>
public sealed record RecordRegistry(IReadOnlyDictionary<string, (Guid Id, string Plate)> VehiclesByPlate, IReadOnlyDictionary<string, Card> CardsByNumber);

/// <summary>
/// Reads an issuer's export in its layout for one pool. A row is taken when its fields read and it names a car of the
/// pool: by the card, bound to that car at the row's moment, or by the plate. A row the store holds already (the same
/// layout, car or card, moment, place and amount: issuers' exports overlap) is counted as already imported. The others
/// are refused with the reason, by row number as a spreadsheet shows it.
/// </summary>
public static class RecordImport
{
    public const int MaxRows = 200_000;

    public const string DefaultFileName = "records-import.csv";

    /// <summary>What a record can cost or hold: far above any real purchase, below what a typing slip gives.</summary>
    public const decimal MaxAmount = 100_000m;

    public const decimal MaxLitres = 2_000m;

    public static (IReadOnlyList<OutsideRecordImported> Records, RecordFileImported Report) Read(string text, RecordLayout layout, string fileName,
        string fileHash, string pool, Guid importedBy, RecordRegistry registry, Func<Guid, bool> stored, DateTimeZone zone, Instant now)
    {
        var lines = LogbookImport.Csv(text, layout.Delimiter);
        var records = new List<OutsideRecordImported>();
        var repeated = new List<int>();
        var rejected = new List<ImportRejection>();
        var inFile = new HashSet<Guid>();
        var pattern = LocalDateTimePattern.CreateWithInvariantCulture(layout.TimeFormat);
        var columns = Columns(layout, lines);
        var rows = 0;

        for (var index = Math.Min(layout.HeaderRows, lines.Count); index < lines.Count; index++)
        {
            if (lines[index].All(string.IsNullOrWhiteSpace)) continue;
            rows++;
            var row = index + 1;
            switch (Row(lines[index], row))
            {
                case (_, { } refused): rejected.Add(refused); break;
                case ({ } record, _) when stored(record.RecordId) || !inFile.Add(record.RecordId): repeated.Add(row); break;
                case ({ } record, _): records.Add(record); break;
            }
        }

        return (records, new RecordFileImported(fileHash, fileName, layout.Name, pool, rows, records.Select(r => r.Provenance.Row).ToList(), repeated,
            rejected, importedBy, now));

        (OutsideRecordImported?, ImportRejection?) Row(List<string> cells, int row)
        {
            ImportRejection Refuse(string code, string template, params object[] args)
            {
                var values = args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray();
                return new ImportRejection(row, code, string.Format(CultureInfo.InvariantCulture, template, values), values);
            }

            string Cell(string field) => columns.Index.TryGetValue(field, out var i) && i < cells.Count ? cells[i].Trim() : "";
            if (columns.Index.Values.Max() >= cells.Count)
                return (null, Refuse("records.columns", "The row has {0} columns; the layout reads column {1}.", cells.Count, columns.Index.Values.Max() + 1));

            var timeText = columns.Index.ContainsKey("date") ? $"{Cell("date")} {Cell("time")}" : Cell("time");
            var time = pattern.Parse(timeText);
            if (!time.Success) return (null, Refuse("records.time_invalid", "'{0}' is not a moment in the layout's form {1}.", timeText, layout.TimeFormat));
            var at = time.Value.InZoneLeniently(zone).ToInstant();
            if (at > now) return (null, Refuse("records.in_future", "The record is dated after now: a record tells what was bought."));

            if (!layout.TryDecimal(Cell("amount"), out var amount) || amount is < 0 or > MaxAmount)
                return (null, Refuse("records.amount_invalid", "'{0}' is not an amount in yuan.", Cell("amount")));
            decimal? litres = null;
            if (layout.Kind == RecordKind.Fuel)
            {
                if (!layout.TryDecimal(Cell("litres"), out var l) || l is <= 0 or > MaxLitres)
                    return (null, Refuse("records.litres_invalid", "'{0}' is not a quantity of fuel in litres.", Cell("litres")));
                litres = l;
            }

            var (vehicle, card, problem) = Vehicle(Cell("card"), Cell("plate"), at);
            if (problem is { } p) return (null, Refuse(p.Code, p.Template, p.Args));
            var place = Cell("place");
            var record = new OutsideRecordImported(IdOf(layout.Name, card ?? vehicle.Plate, at, place, amount), pool, layout.Kind, layout.Name, card,
                vehicle.Id, vehicle.Plate, at, place, litres, amount, new ImportProvenance(fileHash, fileName, row, importedBy));
            return (record, null);
        }

        ((Guid Id, string Plate) Vehicle, string? Card, (string Code, string Template, object[] Args)? Problem) Vehicle(string cardText, string plateText, Instant at)
        {
            if (cardText.Length > 0)
            {
                var number = CardBinding.Normalize(cardText);
                if (number is null || !registry.CardsByNumber.TryGetValue(number, out var card))
                    return (default, null, ("records.card_unknown", "Card {0} is not registered to a car of this pool.", [cardText]));
                if (card.HeldAt(at) is not { } holding)
                    return (default, number, ("records.card_unbound", "Card {0} was bound to no car at {1}.", [number, Format(at, zone)]));
                return ((holding.VehicleId, holding.Plate), number, null);
            }

            if (plateText.Length == 0) return (default, null, ("records.car_missing", "The row names no card and no plate.", []));
            if (!Plate.TryParse(plateText, out var plate)) return (default, null, ("records.plate_invalid", "'{0}' is not a plate number.", [plateText]));
            return registry.VehiclesByPlate.TryGetValue(plate.ToString(), out var vehicle)
                ? (vehicle, null, null)
                : (default, null, ("records.vehicle_unknown", "{0} is not a vehicle of this pool.", [plate.ToString()]));
        }
    }

    /// <summary>A file that is not in the layout at all: a column the layout names by its header is not in the header.</summary>
    public static Problem? NotInLayout(string text, RecordLayout layout)
    {
        var lines = LogbookImport.Csv(text, layout.Delimiter);
        return Columns(layout, lines).Missing is { } missing
            ? Problem.Invalid("records.column_missing", "content", "The file has no column '{0}': is it in the layout {1}?", missing, layout.Name)
            : null;
    }

    /// <summary>An imported file's stream, named after the SHA-256 of its bytes: the same file is imported once.</summary>
    public static Guid FileStreamId(string fileHash) => NamedStreamIds.Of($"record-file|{fileHash}");

    /// <summary>A record's stream: the same transaction, in whichever file it comes, is the same record.</summary>
    public static Guid IdOf(string layout, string cardOrPlate, Instant at, string place, decimal amount) =>
        NamedStreamIds.Of(string.Join('|', "record", layout, cardOrPlate, InstantPattern.General.Format(at), place, amount.ToString("0.00", CultureInfo.InvariantCulture)));

    /// <summary>Where each field is: by header name, looked for in the header rows, or by position (<c>#3</c>).</summary>
    private static (IReadOnlyDictionary<string, int> Index, string? Missing) Columns(RecordLayout layout, List<List<string>> lines)
    {
        var index = new Dictionary<string, int>();
        var header = layout.HeaderRows > 0 && lines.Count >= layout.HeaderRows
            ? lines[layout.HeaderRows - 1].Select(h => h.Trim().TrimStart('\uFEFF')).ToList()
            : [];
        foreach (var (field, column) in layout.Columns)
        {
            if (column.StartsWith('#') && int.TryParse(column[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position > 0)
                index[field] = position - 1;
            else if (header.IndexOf(column.Trim()) is >= 0 and var at) index[field] = at;
            else return (index, column);
        }

        return (index, null);
    }

    private static string Format(Instant instant, DateTimeZone zone) => instant.InZone(zone).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
