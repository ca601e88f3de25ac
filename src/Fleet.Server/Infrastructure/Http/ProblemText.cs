using System.Globalization;
using System.Resources;
using NodaTime.Text;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// Localized problem messages, looked up by problem code in the request's UI culture (简体中文 by default,
/// English on request). English is the text written next to the code where the problem is raised, so that it is
/// worded once; the resources hold the Chinese.
/// </summary>
public sealed class ProblemText(DateTimeZone zone)
{
    private static readonly ResourceManager Messages =
        new("Fleet.Server.Resources.ProblemMessages", typeof(ProblemText).Assembly);

    private static readonly ResourceManager Fields =
        new("Fleet.Server.Resources.FieldNames", typeof(ProblemText).Assembly);

    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern Minute = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public string Describe(Problem problem) =>
        // A message that names its own field names it as the reader knows it, not as the JSON spells it.
        Get(problem.Code, problem.Message, problem.Args.Select(arg => arg is string s && s == problem.Field ? FieldName(s) : arg).ToArray());

    public string Get(string code, string fallback, params object[] args)
    {
        var template = IsEnglish(CultureInfo.CurrentUICulture) ? fallback : Messages.GetString(code, CultureInfo.CurrentUICulture) ?? fallback;
        return args.Length == 0 ? template : string.Format(CultureInfo.CurrentCulture, template, args.Select(Localize).ToArray());
    }

    // The neutral resources are the Chinese ones: a reader who asked for English gets the code's own text instead.
    private static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    public string FieldName(string field) => Fields.GetString(field, CultureInfo.CurrentUICulture) ?? field;

    /// <summary>A code-list value in the reader's language, e.g. <c>TripPurpose.Meeting</c> as 会议.</summary>
    public static string Term(Enum value) =>
        Fields.GetString($"{value.GetType().Name}.{value}", CultureInfo.CurrentUICulture) ?? value.ToString();

    /// <summary>
    /// Code-list values read in the reader's language; dates as ISO dates and moments in the city's local time,
    /// the way they were typed into the form.
    /// </summary>
    private object Localize(object arg) => arg switch
    {
        Enum value => Term(value),
        LocalDate date => Date.Format(date),
        Instant instant => Minute.Format(instant.InZone(zone).LocalDateTime),
        _ => arg,
    };
}
