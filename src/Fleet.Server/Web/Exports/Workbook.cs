using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Fleet.Server.Web.Exports;

/// <summary>One sheet of a workbook: its name and column headers in the reader's words, and its rows of plain values.</summary>
public sealed record Sheet(string Name, IReadOnlyList<string> Headers, IAsyncEnumerable<object?[]> Rows);

/// <summary>
/// A workbook (.xlsx) written by MiniExcel while the rows are read, a page at a time. Cells hold numbers as numbers,
/// moments as the city's local date and time (<see cref="DateTime"/>) and days as dates (<see cref="DateOnly"/>), so that a
/// spreadsheet sums and sorts them and shows each as the reader expects: a day without a time, a moment with its minute.
/// </summary>
public static class Workbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// Writes the sheets and answers with the file. The workbook goes to a temporary file first: the zip's directory is
    /// written when it closes, which a response body must not be asked to do synchronously, and a problem met on the way
    /// is still answered as a problem and not as half a file.
    /// </summary>
    public static async Task<IResult> FileAsync(HttpContext http, ExportName name, IReadOnlyList<Sheet> sheets)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"fleet-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var formats = new List<DynamicExcelColumn>();
            var workbook = new Dictionary<string, object>();
            for (var i = 0; i < sheets.Count; i++)
            {
                var keys = Enumerable.Range(0, sheets[i].Headers.Count).Select(c => $"s{i}c{c}").ToArray();
                var (ahead, rest) = await LookAheadAsync(sheets[i].Rows, http.RequestAborted);
                formats.AddRange(Formats(keys, ahead));
                workbook[sheets[i].Name] = Cells(keys, sheets[i].Headers, ahead, rest, http.RequestAborted);
            }

            await file.SaveAsAsync(workbook, printHeader: false, excelType: ExcelType.XLSX,
                configuration: new OpenXmlConfiguration { DynamicColumns = [.. formats] }, cancellationToken: http.RequestAborted);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        http.Response.Headers.ContentDisposition = name.ContentDisposition;
        return Results.Stream(file, ContentType);
    }

    /// <summary>A sheet's name as Excel allows it: at most 31 characters, none of <c>[]:*?/\</c>.</summary>
    public static string SheetName(string text)
    {
        var allowed = new string(text.Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' ? ' ' : c).ToArray()).Trim();
        return allowed.Length > 31 ? allowed[..31] : allowed;
    }

    /// <summary>Rows read before the workbook begins, to learn which columns hold moments: a page's worth, no more.</summary>
    private const int LookAhead = 200;

    /// <summary>
    /// Moments are shown with their minute. MiniExcel would show every date column as a bare date, so a column whose
    /// first rows hold a <see cref="DateTime"/> gets a format of its own; a <see cref="DateOnly"/> keeps Excel's date format.
    /// </summary>
    private static IEnumerable<DynamicExcelColumn> Formats(string[] keys, IReadOnlyList<object?[]> rows) =>
        keys.Where((_, c) => rows.Any(r => c < r.Length && r[c] is DateTime))
            .Select(key => new DynamicExcelColumn(key) { Format = "yyyy-mm-dd hh:mm" });

    private static async Task<(List<object?[]> Ahead, IAsyncEnumerator<object?[]> Remaining)> LookAheadAsync(IAsyncEnumerable<object?[]> rows, CancellationToken cancellation)
    {
        var rest = rows.GetAsyncEnumerator(cancellation);
        var ahead = new List<object?[]>();
        while (ahead.Count < LookAhead && await rest.MoveNextAsync()) ahead.Add(rest.Current);
        return (ahead, rest);
    }

    /// <summary>
    /// The headers as the first row and each row after it, keyed by column: a workbook without rows still says what its
    /// columns are, which MiniExcel's own header row (taken from the first row's keys) would not.
    /// </summary>
    private static async IAsyncEnumerable<IDictionary<string, object?>> Cells(string[] keys, IReadOnlyList<string> headers, List<object?[]> ahead,
        IAsyncEnumerator<object?[]> rest, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        await using (rest)
        {
            yield return Row(keys, [.. headers]);
            foreach (var values in ahead) yield return Row(keys, values);
            while (await rest.MoveNextAsync())
            {
                cancellation.ThrowIfCancellationRequested();
                yield return Row(keys, rest.Current);
            }
        }
    }

    private static Dictionary<string, object?> Row(string[] keys, object?[] values)
    {
        var row = new Dictionary<string, object?>(keys.Length);
        for (var i = 0; i < keys.Length; i++) row[keys[i]] = i < values.Length ? values[i] : null;
        return row;
    }
}
