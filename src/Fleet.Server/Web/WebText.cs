using System.Globalization;
using System.Resources;

namespace Fleet.Server.Web;

/// <summary>
/// The words of the web pages, looked up by key in the reader's language (简体中文 first, English second). A key
/// without a translation shows as itself, which a test forbids.
/// </summary>
public sealed class WebText
{
    public static readonly ResourceManager Texts = new("Fleet.Server.Resources.WebText", typeof(WebText).Assembly);

    public static readonly ResourceManager EventNames = new("Fleet.Server.Resources.EventNames", typeof(WebText).Assembly);

    public string this[string key] => Texts.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, this[key], args);

    /// <summary>
    /// A code-list value (status, purpose, class…) as the reader calls it. The English terms are worded for the middle of
    /// a problem's sentence; standing alone on a page, as a label or a status, they begin with a capital.
    /// </summary>
    public string Term(Enum value) => Alone(ProblemText.Term(value));

    /// <summary>Words written for the middle of a sentence, standing alone as a label: with a capital in English.</summary>
    public string Alone(string words) => IsEnglish && words.Length > 0 ? char.ToUpperInvariant(words[0]) + words[1..] : words;

    /// <summary>What a stored event records, by its alias, as a reader of the audit trail calls it.</summary>
    public string EventName(string alias) => EventNames.GetString(alias, CultureInfo.CurrentUICulture) ?? alias;

    public bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The mark between the items of a list: 、 in Chinese, a comma and a space in English.</summary>
    public string Separator => IsEnglish ? ", " : "、";

    /// <summary>Items written as a list in the reader's language.</summary>
    public string List(IEnumerable<string?> items) => string.Join(Separator, items);

    /// <summary>The mark between a label and what it labels: a full-width colon in Chinese, a colon and a space in English.</summary>
    public string Colon => IsEnglish ? ": " : "：";
}
