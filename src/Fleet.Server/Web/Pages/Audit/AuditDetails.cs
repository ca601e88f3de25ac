using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Fleet.Server.Web.Pages.Audit;

/// <summary>
/// What an event says, as a reader of the audit trail wants it: each value that has a name in the reader's language
/// (reason, odometer, plate, dates …), in words. Ids and values without such a name are left out rather than shown as code.
/// </summary>
public static class AuditDetails
{
    private static readonly HashSet<string> PoolFields = ["pool", "homePool", "fromPool", "toPool"];

    public static IReadOnlyList<(string Label, string Value)> Of(object data, ProblemText text, WebText words, DateTimeZone zone,
        IReadOnlyDictionary<string, string> poolNames)
    {
        var details = new List<(string, string)>();
        foreach (var property in data.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var field = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var label = text.FieldName(field);
            if (label == field || field == "version") continue;
            var value = property.GetValue(data);
            if (PoolFields.Contains(field) && value is string pool) value = poolNames.GetValueOrDefault(pool, pool);
            if (Shown(value, words, zone) is { Length: > 0 } shown) details.Add((words.Alone(label), shown));
        }

        return details;
    }

    private static string? Shown(object? value, WebText words, DateTimeZone zone) => value switch
    {
        null or Guid => null,
        string s => s,
        Enum e => words.Term(e),
        Instant i => i.InZone(zone).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture),
        LocalDate d => d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
        Interval i when i.HasStart && i.HasEnd =>
            $"{Shown(i.Start, words, zone)} – {Shown(i.End, words, zone)}",
        Distance d => d.Kilometres.ToString("0.#", CultureInfo.CurrentCulture) + " km",
        bool => null,
        int or long => Convert.ToString(value, CultureInfo.CurrentCulture),
        decimal m => m.ToString("0.##", CultureInfo.CurrentCulture),
        IEnumerable items when items.Cast<object?>().Select(item => Shown(item, words, zone)).Where(s => s is not null).ToList() is { Count: > 0 } shown =>
            words.List(shown),
        _ => null,
    };
}
