using MiniExcelLibs;

namespace Fleet.Server.Web.Exports;

/// <summary>One sheet of a workbook: its name and column headers in the reader's words, and its rows of plain values.</summary>
public sealed record Sheet(string Name, IReadOnlyList<string> Headers, IAsyncEnumerable<object?[]> Rows);

/// <summary>
/// A workbook (.xlsx) written by MiniExcel while the rows are read, a page at a time. Cells hold numbers as numbers and
/// moments as the city's local date and time, so that a spreadsheet sums and sorts them.
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
            var workbook = sheets.ToDictionary(s => s.Name, s => (object)Cells(s, http.RequestAborted));
            await file.SaveAsAsync(workbook, printHeader: false, excelType: ExcelType.XLSX, cancellationToken: http.RequestAborted);
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

    /// <summary>
    /// The headers as the first row and each row after it, keyed by column: a workbook without rows still says what its
    /// columns are, which MiniExcel's own header row (taken from the first row's keys) would not.
    /// </summary>
    private static async IAsyncEnumerable<IDictionary<string, object?>> Cells(Sheet sheet, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var keys = Enumerable.Range(0, sheet.Headers.Count).Select(i => $"c{i}").ToArray();
        yield return Row(keys, [.. sheet.Headers]);
        await foreach (var values in sheet.Rows.WithCancellation(cancellation)) yield return Row(keys, values);
    }

    private static Dictionary<string, object?> Row(string[] keys, object?[] values)
    {
        var row = new Dictionary<string, object?>(keys.Length);
        for (var i = 0; i < keys.Length; i++) row[keys[i]] = i < values.Length ? values[i] : null;
        return row;
    }
}
