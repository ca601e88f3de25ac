using System.Globalization;
using System.Resources;
using NodaTime.Text;

namespace Fleet.Server.Notifications;

/// <summary>A notification in words: the title and text of the centre, e-mail and robots, and the short form of a text message.</summary>
public sealed record NotificationMessage(string Title, string Text, string Short);

/// <summary>
/// Writes a notification in the reader's language from its kind and facts (resources <c>NotificationText</c>, 简体中文 and
/// English). The facts are filled in by name, so that each language orders them as it reads best.
/// </summary>
public static class NotificationWords
{
    private static readonly ResourceManager Texts = new("Fleet.Server.Resources.NotificationText", typeof(NotificationWords).Assembly);

    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language == "en" ? "en" : "zh-CN");

    /// <summary>The date patterns of the two languages, made once: a pattern is parsed when it is made.</summary>
    private static readonly (LocalDateTimePattern Start, LocalDatePattern Due) English =
        (LocalDateTimePattern.Create("d MMM HH:mm", Culture("en")), LocalDatePattern.Create("d MMM yyyy", Culture("en")));

    private static readonly (LocalDateTimePattern Start, LocalDatePattern Due) Chinese =
        (LocalDateTimePattern.Create("M月d日 HH:mm", Culture("zh-CN")), LocalDatePattern.Create("yyyy年M月d日", Culture("zh-CN")));

    public static NotificationMessage Write(Notification n, CultureInfo culture, DateTimeZone zone)
    {
        string Text(string key) => Texts.GetString(key, culture) ?? key;
        var f = n.Facts;
        var patterns = culture.TwoLetterISOLanguageName == "en" ? English : Chinese;
        var nothing = Text("nothing");
        var start = f.Start is { } s ? patterns.Start.Format(s.InZone(zone).LocalDateTime) : nothing;
        var values = new Dictionary<string, string>
        {
            ["order"] = f.Order ?? nothing,
            ["plate"] = f.Plate ?? nothing,
            ["driver"] = f.Driver ?? nothing,
            ["requester"] = f.Requester ?? nothing,
            ["unit"] = f.Unit ?? "",
            ["destinations"] = f.Destinations is { Count: > 0 } d ? string.Join(Text("list_separator"), d) : nothing,
            ["start"] = start,
            ["reason"] = string.IsNullOrWhiteSpace(f.Reason) ? nothing : f.Reason,
            ["paper"] = f.Paper is { } p ? Text($"paper.{p}") : nothing,
            ["due"] = f.Due is { } due ? patterns.Due.Format(due) : nothing,
            ["count"] = (f.Count ?? 0).ToString(culture),
        };

        return new NotificationMessage(
            Fill(Text($"{n.Kind}.title"), values), Fill(Text($"{n.Kind}.text"), values), Fill(Text($"{n.Kind}.sms"), values));
    }

    /// <summary>
    /// The template with each <c>{name}</c> of <paramref name="values"/> written in, in one pass; braces around anything
    /// else stay as they are.
    /// </summary>
    public static string Fill(string template, Dictionary<string, string> values)
    {
        var named = values.GetAlternateLookup<ReadOnlySpan<char>>();
        var text = new System.Text.StringBuilder(template.Length + 64);
        var rest = template.AsSpan();
        while (rest.IndexOf('{') is var open and >= 0)
        {
            text.Append(rest[..open]);
            rest = rest[open..];
            var close = rest.IndexOf('}');
            if (close > 0 && named.TryGetValue(rest[1..close], out var value))
            {
                text.Append(value);
                rest = rest[(close + 1)..];
            }
            else
            {
                text.Append('{');
                rest = rest[1..];
            }
        }

        return text.Append(rest).ToString();
    }
}
