
namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// A code-list value in a list's query string (<c>?status=inService</c>, <c>?vehicleClass=轿车</c>), read like any
/// code-list input: English name in any case or the Chinese term, never a number.
/// </summary>
public static class QueryFilter
{
    public static TEnum? Parse<TEnum>(string? text, string field, List<Problem> problems, IReadOnlyDictionary<TEnum, string>? terms = null)
        where TEnum : struct, Enum
    {
        if (text is null) return null;
        if (CodeList.TryParse(text, terms ?? new Dictionary<TEnum, string>(), out TEnum value)) return value;

        problems.Add(Problem.Invalid("request.filter_invalid", field, "'{0}' is not a value of {1}: use one of {2}.",
            text.Length > 20 ? text[..20] + "…" : text, field, CodeList.Describe<TEnum>()));
        return null;
    }
}
