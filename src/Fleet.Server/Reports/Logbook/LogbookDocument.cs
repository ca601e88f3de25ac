using System.Globalization;
using System.Net;
using System.Text;
using Fleet.Projections.Logbook;
using NodaTime.Text;

namespace Fleet.Server.Reports.Logbook;

/// <summary>
/// A logbook month written out as a spreadsheet and as the paper form: the same columns in the same order, the car's
/// plate on every line (a driver's month may be driven in several cars), days and times in the city's local time with
/// their year (a spreadsheet kept for years must not lose it), kilometres with one decimal and yuan with two.
/// </summary>
public static class LogbookDocument
{
    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("uuuu-MM-dd");
    private static readonly LocalDateTimePattern Time = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    private static readonly string[] Columns =
    [
        "Logbook.Date", "Logbook.Order", "Logbook.Unit", "Logbook.Purpose", "Logbook.Destinations", "Logbook.Vehicle", "Logbook.Driver", "Logbook.Departed",
        "Logbook.Returned", "Logbook.OdometerOut", "Logbook.OdometerIn", "Logbook.Distance", "Logbook.Fuel", "Logbook.Energy",
        "Logbook.FuelCost", "Logbook.Tolls", "Logbook.Parking", "Logbook.OtherCosts", "Logbook.TotalCost", "Logbook.Remarks",
    ];

    /// <summary>The columns from the departure reading to the total cost: numbers, right-aligned on paper.</summary>
    private const int NumbersFrom = 9;

    private const int NumbersTo = 18;

    /// <summary>The download's name: whose logbook and which month, so that a folder of them reads at a glance.</summary>
    public static string FileName(LogbookPage page) =>
        $"logbook-{new string(page.Subject.Select(c => "\\/:*?\"<>|".Contains(c) || char.IsWhiteSpace(c) || char.IsControl(c) ? '_' : c).ToArray())}-{page.Month}.csv";

    public static string Csv(LogbookPage page, DateTimeZone zone, ReportText text)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Columns.Select(c => Field(text[c]))));
        foreach (var line in page.Lines) csv.AppendLine(string.Join(',', Cells(line, zone, text).Select(Field)));
        csv.AppendLine(string.Join(',', Totals(page, text).Select(Field)));
        return csv.ToString();
    }

    public static string Html(LogbookPage page, DateTimeZone zone, ReportText text)
    {
        var html = new StringBuilder();
        var title = $"{text["Logbook.Title"]} · {page.Subject} · {page.Month}";
        html.Append($"""
            <!DOCTYPE html>
            <html lang="{Encode(CultureInfo.CurrentUICulture.Name)}">
            <head>
            <meta charset="utf-8">
            <title>{Encode(title)}</title>
            <style>
            @page {"{"} size: A4 landscape; margin: 12mm; {"}"}
            body {"{"} font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 10pt; color: #000; {"}"}
            h1 {"{"} font-size: 16pt; text-align: center; margin: 0 0 4mm; {"}"}
            .subject {"{"} display: flex; justify-content: space-between; margin-bottom: 3mm; {"}"}
            table {"{"} border-collapse: collapse; width: 100%; {"}"}
            th, td {"{"} border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; {"}"}
            td.number {"{"} text-align: right; white-space: nowrap; {"}"}
            tfoot td {"{"} font-weight: bold; {"}"}
            .signature {"{"} margin-top: 8mm; text-align: right; {"}"}
            </style>
            </head>
            <body>
            <h1>{Encode(text["Logbook.Title"])}</h1>
            <div class="subject"><span>{Encode(text[page.Kind == LogbookSubject.Vehicle ? "Logbook.Vehicle" : "Logbook.Driver"])}{Encode(text.Colon)}{Encode(page.Subject)}</span><span>{Encode(text["Logbook.Month"])}{Encode(text.Colon)}{Encode(page.Month)}</span></div>
            <table>
            <thead><tr>
            """);
        foreach (var column in Columns) html.Append($"<th scope=\"col\">{Encode(text[column])}</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        if (page.Lines.Count == 0)
            html.Append($"<tr><td colspan=\"{Columns.Length}\">{Encode(text["Logbook.Empty"])}</td></tr>\n");
        foreach (var line in page.Lines)
        {
            var cells = Cells(line, zone, text);
            html.Append("<tr>");
            for (var i = 0; i < cells.Count; i++) html.Append(i is >= NumbersFrom and <= NumbersTo ? $"<td class=\"number\">{Encode(cells[i])}</td>" : $"<td>{Encode(cells[i])}</td>");
            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n<tfoot><tr>");
        var totals = Totals(page, text);
        for (var i = 0; i < totals.Count; i++) html.Append(i is >= NumbersFrom and <= NumbersTo ? $"<td class=\"number\">{Encode(totals[i])}</td>" : $"<td>{Encode(totals[i])}</td>");
        html.Append($"""
            </tr></tfoot>
            </table>
            <p class="signature">{Encode(text["Logbook.Signature"])}{Encode(text.Colon)}＿＿＿＿＿＿＿＿</p>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static List<string> Cells(LogbookLine line, DateTimeZone zone, ReportText text)
    {
        var e = line.Entry;
        return
        [
            e.DepartedAt is { } departed ? Day.Format(departed.InZone(zone).Date) : "",
            e.OrderNumber ?? "",
            line.UnitName,
            $"{text.Of(e.Purpose)}{text.Colon}{e.PurposeText}",
            text.List(e.Destinations),
            e.Plate ?? "",
            e.DriverName ?? "",
            e.DepartedAt is { } leftAt ? Time.Format(leftAt.InZone(zone).LocalDateTime) : "",
            e.ReturnedAt is { } backAt ? Time.Format(backAt.InZone(zone).LocalDateTime) : "",
            Kilometres(e.OdometerOutMetres),
            Kilometres(e.OdometerInMetres),
            Kilometres(e.DistanceMetres),
            Amount(e.FuelLitres),
            Amount(e.EnergyKilowattHours),
            Money(e.FuelCost),
            Money(e.Tolls),
            Money(e.Parking),
            Money(e.OtherCosts),
            e.ReturnedAt is null ? "" : Money(e.TotalCost),
            Remarks(e, text),
        ];
    }

    private static List<string> Totals(LogbookPage page, ReportText text) =>
    [
        text["Logbook.Totals"], $"{text["Logbook.Trips"]} {page.Totals.Trips}", "", "", "", "", "", "", "", "", "",
        Kilometres(page.Totals.DistanceMetres), Amount(page.Totals.FuelLitres), Amount(page.Totals.EnergyKilowattHours),
        Money(page.Lines.Sum(l => l.Entry.FuelCost)), Money(page.Lines.Sum(l => l.Entry.Tolls)), Money(page.Lines.Sum(l => l.Entry.Parking)),
        Money(page.Lines.Sum(l => l.Entry.OtherCosts)), Money(page.Totals.Cost), "",
    ];

    /// <summary>What an auditor should look at on this line.</summary>
    private static string Remarks(LogbookEntry e, ReportText text) => string.Join("；", new[]
    {
        e.StartOverdue ? text["Logbook.StartOverdue"] : null,
        e.ReturnOverdue ? text["Logbook.ReturnOverdue"] : null,
        e.OdometerGap ? text["Logbook.OdometerGap"] : null,
        e.Disputed ? text["Logbook.Disputed"] : null,
    }.Where(r => r is not null));

    private static string Kilometres(long? metres) => metres is { } m ? (m / 1000m).ToString("0.0", CultureInfo.InvariantCulture) : "";

    private static string Amount(decimal? value) => value is { } v and not 0 ? v.ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break; a leading formula sign is defused for spreadsheets.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]) && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
