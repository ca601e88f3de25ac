using System.Globalization;
using System.Resources;
using Fleet.Domain.Common;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// Localized problem messages, looked up by problem code in the request's UI culture (简体中文 by default,
/// English on request). The domain's English text is the last resort for a code without a translation.
/// </summary>
public sealed class ProblemText
{
    private static readonly ResourceManager Messages =
        new("Fleet.Server.Resources.ProblemMessages", typeof(ProblemText).Assembly);

    private static readonly ResourceManager Fields =
        new("Fleet.Server.Resources.FieldNames", typeof(ProblemText).Assembly);

    public string Describe(Problem problem)
    {
        // A required-field message names the field as the reader knows it, not as the JSON spells it.
        var args = problem.Code == "validation.required" && problem.Field is { } field
            ? [FieldName(field)]
            : problem.Args;
        return Get(problem.Code, problem.Message, args);
    }

    public string Get(string code, string fallback, params object[] args)
    {
        var template = Messages.GetString(code, CultureInfo.CurrentUICulture) ?? fallback;
        return args.Length == 0 ? template : string.Format(CultureInfo.CurrentCulture, template, args.Select(Localize).ToArray());
    }

    public string FieldName(string field) => Fields.GetString(field, CultureInfo.CurrentUICulture) ?? field;

    // Code-list values (enums) appear in messages in the reader's language too.
    private static object Localize(object arg) =>
        arg is Enum value ? Fields.GetString($"{value.GetType().Name}.{value}", CultureInfo.CurrentUICulture) ?? value.ToString() : arg;
}
