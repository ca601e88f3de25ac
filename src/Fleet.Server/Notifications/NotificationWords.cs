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

    public static NotificationMessage Write(Notification n, CultureInfo culture, DateTimeZone zone)
    {
        string Text(string key) => Texts.GetString(key, culture) ?? key;
        var f = n.Facts;
        var english = culture.TwoLetterISOLanguageName == "en";
        var nothing = Text("nothing");
        var start = f.Start is { } s
            ? LocalDateTimePattern.Create(english ? "d MMM HH:mm" : "M月d日 HH:mm", culture).Format(s.InZone(zone).LocalDateTime)
            : nothing;
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
            ["due"] = f.Due is { } due ? LocalDatePattern.Create(english ? "d MMM yyyy" : "yyyy年M月d日", culture).Format(due) : nothing,
            ["count"] = (f.Count ?? 0).ToString(culture),
        };

        string Fill(string template) =>
            values.Aggregate(template, (text, v) => text.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));

        return new NotificationMessage(
            Fill(Text($"{n.Kind}.title")), Fill(Text($"{n.Kind}.text")), Fill(Text($"{n.Kind}.sms")));
    }
}
