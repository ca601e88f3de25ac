using System.Text;

namespace Fleet.Server.Web.Exports;

/// <summary>
/// What a downloaded file is called: what it holds and when, in the reader's words (出车记录-2026-11.xlsx), with an
/// ASCII name (trips-2026-11.xlsx) for a client that does not read the UTF-8 one.
/// </summary>
public sealed record ExportName(string Local, string Ascii)
{
    public static ExportName Of(string what, string asciiWhat, string when) =>
        new($"{what}-{when}.xlsx", $"{AsciiSafe(asciiWhat)}-{AsciiSafe(when)}.xlsx");

    /// <summary>An attachment named both ways (RFC 6266): the plain name first, then the UTF-8 one that a browser prefers.</summary>
    public string ContentDisposition => $"attachment; filename=\"{Ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(Local)}";

    /// <summary>
    /// When a list runs: the month when the days asked are a whole month (2026-11), the days when both are given
    /// (2026-11-03_2026-11-20), one day alone as from or until it, and otherwise the day it was exported.
    /// </summary>
    public static string Span(LocalDate? from, LocalDate? to, LocalDate today) => (from, to) switch
    {
        ({ } f, { } t) when f.Day == 1 && t == f.With(DateAdjusters.EndOfMonth) => f.ToString("uuuu-MM", null),
        ({ } f, { } t) when f == t => Day(f),
        ({ } f, { } t) => $"{Day(f)}_{Day(t)}",
        ({ } f, null) => $"{Day(f)}_",
        (null, { } t) => $"_{Day(t)}",
        _ => Day(today),
    };

    private static string Day(LocalDate date) => date.ToString("uuuu-MM-dd", null);

    /// <summary>Letters, digits, dot, dash and underscore; anything else (a plate's 鄂, a quote) becomes an underscore.</summary>
    private static string AsciiSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var c in text) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return safe.ToString();
    }
}
