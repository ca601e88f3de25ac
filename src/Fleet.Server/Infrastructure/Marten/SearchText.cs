using Marten;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Text as the trigram indexes can search it whatever the database's locale (ADR 015). Fleet's clusters are created without
/// a locale (ADR 002), where <c>pg_trgm</c> keeps only ASCII letters and digits: a search made of Chinese characters (武汉港,
/// 防汛) has no trigram, and a database with a UTF-8 locale would give a two-character word, the common case, none either.
/// <c>fleet_search_text</c> is the lowered text's UTF-8 bytes in hexadecimal (防汛 → <c>e998b2e6b19b</c>, a → <c>61</c>):
/// every character gives two to eight letters and digits, so a search of one Chinese character already has trigrams. A
/// text holds the search, in any case, exactly when its search text holds the search's at an even place (UTF-8 finds
/// characters only where they start), which a regular expression says and a trigram index serves: the same answers as an
/// <c>ilike '%…%'</c> of the search, through the index. Built-in functions only, called from PL/pgSQL: under a microsecond
/// a text, which PostgreSQL pays again for every row an index yields, to check it.
/// </summary>
public static class SearchText
{
    public const string FunctionName = "fleet_search_text";

    /// <summary>The function as PostgreSQL writes it back (<c>pg_get_functiondef</c>), which the schema check compares, and the
    /// semicolon that ends it in a migration script.</summary>
    private const string Definition = """
        CREATE OR REPLACE FUNCTION public.fleet_search_text(value text)
         RETURNS text
         LANGUAGE plpgsql
         IMMUTABLE PARALLEL SAFE STRICT
        AS $function$begin return encode(convert_to(lower(value), 'UTF8'), 'hex'); end$function$;
        """;

    /// <summary>Declares the function; Marten creates Fleet's own schema objects before its tables and their indexes.</summary>
    public static void Register(StoreOptions options)
    {
        if (options.Storage.ExtendedSchemaObjects.Any(o => o.Identifier.Name == FunctionName)) return;
        options.Storage.ExtendedSchemaObjects.Add(new Function(new PostgresqlObjectName("public", FunctionName, SchemaUtils.IdentifierUsage.General), Definition));
    }

    /// <summary>The search text of <paramref name="expression"/>, as an index is declared on it and PostgreSQL writes it back.</summary>
    public static string Of(string expression) => $"{FunctionName}({expression})";

    /// <summary>
    /// A condition that <paramref name="expression"/> holds, in any case, the text given as the parameter
    /// <paramref name="parameter"/> (as typed, not a pattern: <c>%</c> and <c>_</c> are themselves), served by an index on
    /// <see cref="Of"/>: the search text's bytes found at an even place of the expression's, <c>^(..)*</c>. One condition
    /// per expression, so that PostgreSQL estimates how many rows hold it from the index's statistics.
    /// </summary>
    public static string Contains(string expression, string parameter) =>
        $"{Of(expression)} ~ ('^(..)*' || {FunctionName}({parameter}))";
}
