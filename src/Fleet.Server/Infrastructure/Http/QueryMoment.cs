using Fleet.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>An ISO-8601 moment with its offset, as a query string carries it: 2026-11-02T09:00:00+08:00 or …Z.</summary>
public static class QueryMoment
{
    public static Instant? Parse(string? text, string field, List<Problem> problems, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) problems.Add(Problem.Required(field));
            return null;
        }

        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text.Trim());
        if (parsed.Success) return parsed.Value.ToInstant();
        problems.Add(Problem.Invalid("request.moment_invalid", field,
            "'{0}' is not a moment: write it as ISO 8601 with its offset, e.g. 2026-11-02T09:00:00+08:00.", text.Length > 40 ? text[..40] : text));
        return null;
    }
}
