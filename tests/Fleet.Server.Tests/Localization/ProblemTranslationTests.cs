using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Localization;

/// <summary>
/// Every refusal a clerk can meet is shown in Chinese by default and in English on request. A problem code
/// without a translation would fall back to the English text of the domain, and a field without a name would
/// show its JSON spelling; these tests read the sources and the resource files and list what is missing.
/// </summary>
public partial class ProblemTranslationTests
{
    private const string Code = @"[a-z]+\.[a-z]+(?:_[a-z]+)*";
    private const string Field = "[a-z][A-Za-z]*";

    private static readonly string Root = TestRepository.Root;
    private static readonly string Resources = Path.Combine(Root, "src", "Fleet.Server", "Resources");
    private static readonly IReadOnlyList<SourceFile> Sources = ReadSources();

    [Fact]
    public void The_sources_name_enough_problem_codes_for_the_scan_to_be_trusted()
    {
        var codes = ProblemCodes();

        codes.Count.Should().BeGreaterThanOrEqualTo(80,
            "Fleet.Domain and Fleet.Server refuse commands with far more codes than the {0} found; the patterns no longer match the calls: {1}",
            codes.Count, string.Join(", ", codes.Keys));
    }

    [Theory]
    [InlineData("ProblemMessages.resx")]
    [InlineData("ProblemMessages.en.resx")]
    public void Every_problem_code_has_a_message(string file)
    {
        var messages = Load(file);

        var missing = ProblemCodes()
            .Where(code => !messages.ContainsKey(code.Key))
            .Select(code => $"{code.Key} (used in {string.Join(", ", code.Value)})")
            .ToList();

        missing.Should().BeEmpty("every problem code needs a message in {0}", file);
    }

    [Fact]
    public void The_chinese_and_english_messages_have_the_same_codes()
    {
        SameKeys("ProblemMessages.resx", "ProblemMessages.en.resx");
    }

    [Fact]
    public void A_chinese_message_and_its_english_counterpart_fill_in_the_same_placeholders()
    {
        var chinese = Load("ProblemMessages.resx");
        var english = Load("ProblemMessages.en.resx");

        var mismatched = chinese.Keys.Intersect(english.Keys)
            .Where(code => !Placeholders(chinese[code]).SetEquals(Placeholders(english[code])))
            .Order(StringComparer.Ordinal)
            .Select(code => $"{code}: 中文 {{{string.Join("}, {", Placeholders(chinese[code]).Order())}}}, " +
                            $"English {{{string.Join("}, {", Placeholders(english[code]).Order())}}}")
            .ToList();

        mismatched.Should().BeEmpty("both languages format a message with the same arguments");
    }

    [Theory]
    [InlineData("FieldNames.resx")]
    [InlineData("FieldNames.en.resx")]
    public void Every_field_a_problem_names_has_a_human_name(string file)
    {
        var names = Load(file);

        var missing = ProblemFields()
            .Where(field => !names.ContainsKey(field.Key))
            .Select(field => $"{field.Key} (used in {string.Join(", ", field.Value)})")
            .ToList();

        missing.Should().BeEmpty("every field a problem points at needs a name a clerk recognises in {0}", file);
    }

    [Fact]
    public void The_chinese_and_english_field_names_have_the_same_keys()
    {
        SameKeys("FieldNames.resx", "FieldNames.en.resx");
    }

    [Fact]
    public void The_placeholder_pattern_reads_indexes_formats_and_escapes()
    {
        Placeholders("{0}的核定座位数应在 {1} 至 {2:N0} 之间，{{不是占位符}}，{3,5}").Should().BeEquivalentTo(new[] { 0, 1, 2, 3 });
    }

    [Fact]
    public void The_code_scan_finds_every_shape_of_call()
    {
        const string source = """
            Problem.Conflict("vehicle.retired", "This vehicle is retired.");
            Problem.Invalid("driver.mobile_invalid", "mobile", "A mobile number has 11 digits.");
            new(ProblemKind.Invalid, "validation.required", "{0} is required.", field, field);
            text.Get("auth.locked_out", "Locked for {0} more minutes.", minutes);
            FleetProblems.Create(StatusCodes.Status401Unauthorized, "auth.invalid_credentials",
                text.Get(code, fallback));
            [MartenSetup.OrganisationCodeIndex] = ("organisation.code_taken", "The code is already used.");
            StatusCodes.Status429TooManyRequests => ("request.rate_limited", "Too many requests."),
            public const string ValidationFailed = "validation.failed";
            return Forbidden(text, "organisation.city_only", "Only the city's fleet administrators set up districts.");
            var category = ParseCode(form.Category, "category", "vehicle.category_invalid", VehicleTerms.Categories, problems);
            options.Cookie.Name = "fleet.auth";
            Path.Combine(directory, "postgres.log");
            locator.Replace("d.data", "data");
            """;

        var codes = ProblemCodes([new SourceFile("sample.cs", source)]);

        codes.Keys.Should().BeEquivalentTo(
            "vehicle.retired", "driver.mobile_invalid", "validation.required", "auth.locked_out", "auth.invalid_credentials",
            "organisation.code_taken", "request.rate_limited", "validation.failed", "organisation.city_only", "vehicle.category_invalid");
    }

    [Fact]
    public void The_field_scan_finds_required_and_invalid_fields()
    {
        const string source = """
            problems.Add(Problem.Required("licenceClasses"));
            Problem.Invalid("driver.same_pool", "toPool",
                "The driver already belongs to pool {0}.", driver.Pool);
            Problem.Invalid(code, field, "'{0}' is not a known {1}.", text, field);
            Problem.Invalid(
                "paging.page_invalid",
                "page",
                "The page number starts at 1.");
            """;

        ProblemFields([new SourceFile("sample.cs", source)]).Keys.Should().BeEquivalentTo("licenceClasses", "toPool", "page");
    }

    /// <summary>
    /// Problem codes by the files that use them. The calls that name a code (<c>Problem.Invalid/Conflict/NotFound/Forbidden</c>,
    /// <c>new Problem(…)</c>, <c>text.Get</c>, <c>FleetProblems.Create</c>, the tables of <c>ProblemDetailsSetup</c> and
    /// constants) give the areas in use, such as <c>vehicle</c>; every other string of the code's shape in one of those areas
    /// is a code handed through a helper, such as <c>organisation.city_only</c>.
    /// </summary>
    private static SortedDictionary<string, SortedSet<string>> ProblemCodes(IReadOnlyList<SourceFile>? sources = null)
    {
        sources ??= Sources;
        var named = sources
            .SelectMany(source => ProblemCall().Matches(source.Text).Select(m => m.Groups["code"].Value))
            .ToHashSet();
        var areas = named.Select(code => code[..code.IndexOf('.')]).ToHashSet();

        var codes = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var code in CodeLiteral().Matches(source.Text).Select(m => m.Groups["code"].Value))
            {
                if (!named.Contains(code) && !areas.Contains(code[..code.IndexOf('.')])) continue;
                if (!codes.TryGetValue(code, out var files)) codes[code] = files = new SortedSet<string>(StringComparer.Ordinal);
                files.Add(source.Name);
            }
        }

        return codes;
    }

    /// <summary>The JSON fields named by <c>Problem.Required("…")</c> and <c>Problem.Invalid(code, "…", …)</c>, by the files that name them.</summary>
    private static SortedDictionary<string, SortedSet<string>> ProblemFields(IReadOnlyList<SourceFile>? sources = null)
    {
        sources ??= Sources;
        var fields = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var field in FieldArgument().Matches(source.Text).Select(m => m.Groups["field"].Value))
            {
                if (!fields.TryGetValue(field, out var files)) fields[field] = files = new SortedSet<string>(StringComparer.Ordinal);
                files.Add(source.Name);
            }
        }

        return fields;
    }

    private static void SameKeys(string chineseFile, string englishFile)
    {
        var chinese = Load(chineseFile);
        var english = Load(englishFile);

        var onlyChinese = chinese.Keys.Except(english.Keys).Order(StringComparer.Ordinal).ToList();
        var onlyEnglish = english.Keys.Except(chinese.Keys).Order(StringComparer.Ordinal).ToList();

        onlyChinese.Should().BeEmpty("{0} has these entries and {1} has not", chineseFile, englishFile);
        onlyEnglish.Should().BeEmpty("{0} has these entries and {1} has not", englishFile, chineseFile);
    }

    private static IReadOnlySet<int> Placeholders(string template) =>
        Placeholder().Matches(template.Replace("{{", "").Replace("}}", ""))
            .Select(m => int.Parse(m.Groups["index"].Value))
            .ToHashSet();

    private static Dictionary<string, string> Load(string file)
    {
        var entries = XDocument.Load(Path.Combine(Resources, file)).Root!.Elements("data")
            .Select(data => (Name: (string)data.Attribute("name")!, Value: (string?)data.Element("value") ?? ""))
            .ToList();

        var duplicates = entries.GroupBy(e => e.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        duplicates.Should().BeEmpty("each key appears once in {0}", file);
        entries.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Name).Should().BeEmpty("no entry of {0} is blank", file);

        return entries.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
    }

    private static IReadOnlyList<SourceFile> ReadSources() =>
        new[] { Path.Combine(Root, "src", "Fleet.Domain"), Path.Combine(Root, "src", "Fleet.Server") }
            .SelectMany(project => Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
                // The web pages' own words are WebText keys, checked by WebTextTests.
                .Where(file => !Path.GetRelativePath(project, file).Split(Path.DirectorySeparatorChar)
                    .Any(part => part is "bin" or "obj" or "Web"))
                .Select(file => new SourceFile(Path.GetRelativePath(Root, file).Replace('\\', '/'), File.ReadAllText(file))))
            .ToList();

    private sealed record SourceFile(string Name, string Text);

    [GeneratedRegex($$"""
        (?:
            Problem\s*\.\s*(?:Invalid|Conflict|NotFound|Forbidden)\s*\(\s*
          | new\s*(?:Problem\s*)?\(\s*ProblemKind\.\w+\s*,\s*
          | \btext\s*\.\s*Get\s*\(\s*
          | FleetProblems\s*\.\s*Create\s*\(\s*[^,;]+,\s*
          | =>?\s*\(\s*(?="{{Code}}"\s*,\s*\$?@?")
          | \bconst\s+string\s+\w+\s*=\s*
        )
        "(?<code>{{Code}})"
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ProblemCall();

    [GeneratedRegex($$"""
        "(?<code>{{Code}})"
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex CodeLiteral();

    [GeneratedRegex($$"""
        Problem\s*\.\s*
        (?:
            Required\s*\(\s*
          | Invalid\s*\(\s*(?:"[^"]*"|[\w.]+)\s*,\s*
        )
        "(?<field>{{Field}})"
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex FieldArgument();

    [GeneratedRegex(@"\{(?<index>\d+)\s*(?:,[^{}]*)?(?::[^{}]*)?\}")]
    private static partial Regex Placeholder();
}
