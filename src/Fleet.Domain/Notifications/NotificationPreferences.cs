
using NodaTime;

namespace Fleet.Domain.Notifications;

/// <summary>The channels a notification can take besides the notification centre, which every notification reaches.</summary>
public enum PersonalChannel
{
    Email,
    Sms,
}

/// <summary>
/// How a person wants to be told: on which channels and at which addresses, which kinds they do not want, the hours
/// in which only urgent ones reach them, and the language of what is sent. A document of its own: a preference is a
/// setting, not an event of the trips.
/// </summary>
public sealed record NotificationPreferences(
    Guid Id,
    string? Email,
    string? Mobile,
    IReadOnlyList<PersonalChannel> Channels,
    IReadOnlyList<NotificationKind> Muted,
    LocalTime? QuietFrom,
    LocalTime? QuietUntil,
    string Language)
{
    /// <summary>
    /// Before a person chooses: the centre only, no muted kinds, quiet from 22:00 to 07:00, in Chinese. The channels
    /// stay off until the person gives an address, since Fleet knows none for them.
    /// </summary>
    public static NotificationPreferences Default(Guid id) =>
        new(id, null, null, [], [], new LocalTime(22, 0), new LocalTime(7, 0), "zh");

    public bool Wants(NotificationKind kind) => !Muted.Contains(kind);

    /// <summary>
    /// When a notice may go out on a channel: now, or when the quiet hours end. Urgent notices (emergency trips, cars
    /// not back) pass the quiet hours.
    /// </summary>
    public Instant SendAt(Instant now, bool urgent, DateTimeZone zone)
    {
        if (urgent || QuietFrom is not { } from || QuietUntil is not { } until || from == until) return now;

        var local = now.InZone(zone).LocalDateTime;
        var time = local.TimeOfDay;
        var overnight = from > until;
        var quiet = overnight ? time >= from || time < until : time >= from && time < until;
        if (!quiet) return now;

        var endDate = overnight && time >= from ? local.Date.PlusDays(1) : local.Date;
        return endDate.At(until).InZoneLeniently(zone).ToInstant();
    }
}

/// <summary>What a person sends to set their preferences; every field as typed, checked by <see cref="NotificationPreferencesInput"/>.</summary>
public sealed record NotificationPreferencesForm(
    string? Email = null,
    string? Mobile = null,
    IReadOnlyList<string>? Channels = null,
    IReadOnlyList<string>? Muted = null,
    string? QuietFrom = null,
    string? QuietUntil = null,
    string? Language = null);

public static class NotificationPreferencesInput
{
    public static (NotificationPreferences? Preferences, IReadOnlyList<Common.Problem> Problems) Parse(Guid person, NotificationPreferencesForm form)
    {
        var problems = new List<Common.Problem>();
        var email = Email(form.Email, problems);
        var mobile = Drivers.DriverInput.Mobile(form.Mobile, problems);
        var channels = Names<PersonalChannel>(form.Channels, "channels", "notifications.channel_unknown",
            "'{0}' is not a channel: choose from e-mail (Email) and text message (Sms).", problems);
        var muted = Names<NotificationKind>(form.Muted, "muted", "notifications.kind_unknown", "'{0}' is not a kind of notification.", problems);
        var from = Time(form.QuietFrom, "quietFrom", problems);
        var until = Time(form.QuietUntil, "quietUntil", problems);
        var missingEnd = from is null ? "quietFrom" : "quietUntil";
        if ((from is null) != (until is null) && string.IsNullOrWhiteSpace(from is null ? form.QuietFrom : form.QuietUntil))
            problems.Add(Common.Problem.Invalid("notifications.quiet_hours_half", missingEnd,
                "Quiet hours need both a start and an end (e.g. 22:00 to 07:00), or neither."));
        if (channels.Contains(PersonalChannel.Email) && email is null && !problems.Any(p => p.Field == "email"))
            problems.Add(Common.Problem.Invalid("notifications.email_missing", "email", "To be told by e-mail, give an e-mail address."));
        if (channels.Contains(PersonalChannel.Sms) && mobile is null && !problems.Any(p => p.Field == "mobile"))
            problems.Add(Common.Problem.Invalid("notifications.mobile_missing", "mobile", "To be told by text message, give a mobile number."));
        var language = form.Language?.Trim() switch
        {
            null or "" or "zh" or "zh-CN" => "zh",
            "en" => "en",
            var other => Unknown(other),
        };

        string Unknown(string text)
        {
            problems.Add(Common.Problem.Invalid("notifications.language_unknown", "language", "'{0}' is not a language Fleet writes: zh or en.", text));
            return "zh";
        }

        return problems.Count > 0
            ? (null, problems)
            : (new NotificationPreferences(person, email, mobile, channels, muted, from, until, language), problems);
    }

    private static string? Email(string? text, List<Common.Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        var at = trimmed.IndexOf('@');
        if (trimmed.Length <= 254 && at > 0 && at == trimmed.LastIndexOf('@') && trimmed.IndexOf('.', at) > at + 1 && !trimmed.EndsWith('.')
            && !trimmed.Any(char.IsWhiteSpace))
            return trimmed;

        problems.Add(Common.Problem.Invalid("notifications.email_invalid", "email", "'{0}' is not an e-mail address (e.g. zhang.wei@example.gov.cn).",
            trimmed.Length > 60 ? trimmed[..60] : trimmed));
        return null;
    }

    private static LocalTime? Time(string? text, string field, List<Common.Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        problems.Add(Common.Problem.Invalid("notifications.time_invalid", field, "'{0}' is not a time of day: write it as hours and minutes (e.g. 22:00).",
            text.Length > 20 ? text[..20] : text));
        return null;
    }

    private static IReadOnlyList<T> Names<T>(IReadOnlyList<string>? texts, string field, string code, string message, List<Common.Problem> problems)
        where T : struct, Enum
    {
        var values = new List<T>();
        foreach (var text in texts ?? [])
        {
            if (Enum.TryParse<T>(text?.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
            {
                if (!values.Contains(value)) values.Add(value);
            }
            else problems.Add(Common.Problem.Invalid(code, field, message, text is { Length: > 40 } ? text[..40] : text ?? ""));
        }

        return values;
    }
}
