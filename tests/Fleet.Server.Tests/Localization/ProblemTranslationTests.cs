using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fleet.Domain.Trips;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Localization;

/// <summary>
/// Every refusal a clerk can meet is shown in Chinese by default and in English on request. The English is the text
/// written next to the code where the problem is raised; the Chinese is in ProblemMessages.resx. A code without a
/// Chinese message would show English to a Chinese reader, and a field without a name would show its JSON spelling;
/// these tests read the sources and the resource files and list what is missing.
/// </summary>
public partial class ProblemTranslationTests
{
    private const string Code = @"[a-z]+\.[a-z]+(?:_[a-z]+)*";
    private const string Field = "[a-z][A-Za-z]*";

    private static readonly string Root = TestRepository.Root;
    private static readonly string Resources = Path.Combine(Root, "src", "Fleet.Server", "Resources");
    private const string ChineseMessages = "ProblemMessages.resx";
    private static readonly IReadOnlyList<SourceFile> Sources = ReadSources();

    /// <summary>
    /// The approval policy's reasons, and the conditions its steps name, look like codes but are stored in its answers
    /// and its chain, never raised as a refusal.
    /// </summary>
    private static readonly IReadOnlySet<string> PolicyReasonCodes = new[] { typeof(PolicyReasons), typeof(ApprovalConditions) }
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_sources_name_enough_problem_codes_for_the_scan_to_be_trusted()
    {
        var codes = ProblemCodes();

        codes.Count.Should().BeGreaterThanOrEqualTo(80,
            "Fleet.Domain and Fleet.Server refuse commands with far more codes than the {0} found; the patterns no longer match the calls: {1}",
            codes.Count, string.Join(", ", codes.Keys));
    }

    [Fact]
    public void Every_problem_code_has_a_chinese_message()
    {
        var messages = Load(ChineseMessages);

        var missing = ProblemCodes()
            .Where(code => !messages.ContainsKey(code.Key))
            .Select(code => $"{code.Key} (used in {string.Join(", ", code.Value)})")
            .ToList();

        missing.Should().BeEmpty("every problem code needs a Chinese message in {0}", ChineseMessages);
    }

    [Fact]
    public void Every_chinese_message_belongs_to_a_problem_code_in_use()
    {
        var codes = ProblemCodes();

        Load(ChineseMessages).Keys.Where(code => !codes.ContainsKey(code)).Order(StringComparer.Ordinal).Should()
            .BeEmpty("a message no code uses any more is a translation nobody reads or keeps up to date");
    }

    [Fact]
    public void Every_problem_code_has_an_english_message_where_it_is_raised()
    {
        var english = EnglishMessages();

        var missing = ProblemCodes()
            .Where(code => !english.ContainsKey(code.Key))
            .Select(code => $"{code.Key} (used in {string.Join(", ", code.Value)})")
            .ToList();
        var notEnglish = english.SelectMany(code => code.Value.Where(message => message.Length > 0 && !EnglishWords().IsMatch(message))
                .Select(message => $"{code.Key}: {message}"))
            .ToList();

        missing.Should().BeEmpty("every problem code is raised with its English message next to it, or handed to a helper that words it");
        notEnglish.Should().BeEmpty("the text next to a code is the English message");
    }

    [Fact]
    public void A_chinese_message_fills_in_only_placeholders_its_english_counterpart_fills_in()
    {
        var chinese = Load(ChineseMessages);

        var mismatched = EnglishMessages()
            .Where(code => chinese.ContainsKey(code.Key))
            .SelectMany(code => code.Value
                .Where(message => message.Length > 0 && !Placeholders(chinese[code.Key]).IsSubsetOf(Placeholders(message)))
                .Select(message => $"{code.Key}: 中文 {{{string.Join("}, {", Placeholders(chinese[code.Key]).Order())}}}, " +
                                   $"English \"{message}\""))
            .Order(StringComparer.Ordinal)
            .ToList();

        mismatched.Should().BeEmpty("the Chinese message can only show arguments the English one is given");
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
    public void The_english_scan_pairs_each_code_with_its_message()
    {
        const string source = """
            Problem.Conflict("vehicle.retired", "This vehicle is retired.");
            Problem.Invalid("driver.mobile_invalid", "mobile", "A mobile number has 11 digits.");
            Problem.Invalid("trip.too_long", field,
                "A trip lasts at most {0} days; " +
                "this one lasts {1} hours.", days, hours);
            text.Get("auth.locked_out", "Locked for {0} more minutes.", minutes);
            [MartenSetup.OrganisationCodeIndex] = ("organisation.code_taken", "The code is already used.");
            public const string ValidationFailed = "validation.failed";
            text.Get(ValidationFailed, "The request has {0} problems.", count);
            public static LocalDate? Day(string? text, string field, string invalidCode, List<Problem> problems) =>
                Problem.Invalid(invalidCode, field, "'{0}' is not a day.", text);
            var date = QueryCalendar.Day(day, "day", "board.day_invalid", problems);
            Problem.Forbidden("trip.not_requester", "只有申请人可以修改。");
            Problem.Conflict("vehicle.unworded", message);
            """;

        EnglishMessages([new SourceFile("sample.cs", source)]).Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["vehicle.retired"] = ["This vehicle is retired."],
            ["driver.mobile_invalid"] = ["A mobile number has 11 digits."],
            ["trip.too_long"] = ["A trip lasts at most {0} days; this one lasts {1} hours."],
            ["auth.locked_out"] = ["Locked for {0} more minutes."],
            ["organisation.code_taken"] = ["The code is already used."],
            ["validation.failed"] = ["The request has {0} problems."],
            ["board.day_invalid"] = [""],
            ["trip.not_requester"] = ["只有申请人可以修改。"],
        });
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
    private static SortedDictionary<string, SortedSet<string>> ProblemCodes() => SourceCodes.Value;

    private static readonly Lazy<SortedDictionary<string, SortedSet<string>>> SourceCodes = new(() => ProblemCodes(Sources));

    private static SortedDictionary<string, SortedSet<string>> ProblemCodes(IReadOnlyList<SourceFile> sources)
    {
        var helpers = CodeHelpers(sources);
        var named = sources
            .SelectMany(source => ProblemCall().Matches(source.Text).Select(m => m.Groups["code"].Value)
                .Concat(CodesHandedTo(helpers, source.Text)))
            .ToHashSet();
        var areas = named.Select(code => code[..code.IndexOf('.')]).ToHashSet();

        var codes = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var code in CodeLiteral().Matches(source.Text).Select(m => m.Groups["code"].Value))
            {
                if (!named.Contains(code) && !areas.Contains(code[..code.IndexOf('.')]) || PolicyReasonCodes.Contains(code)) continue;
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

    /// <summary>
    /// The English messages of each problem code: the string literal (or literals joined by <c>+</c>) that follows the
    /// code, or follows the name of a constant holding it, after at most one argument such as the field. A code handed
    /// to a helper that raises it with its own English wording (a parameter such as <c>invalidCode</c>) gets an empty
    /// message, which only says that the English exists.
    /// </summary>
    private static Dictionary<string, string[]> EnglishMessages() => SourceMessages.Value;

    private static readonly Lazy<Dictionary<string, string[]>> SourceMessages = new(() => EnglishMessages(Sources));

    private static Dictionary<string, string[]> EnglishMessages(IReadOnlyList<SourceFile> sources)
    {
        var messages = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Add(string code, string message)
        {
            if (!messages.TryGetValue(code, out var set)) messages[code] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(message);
        }

        var constants = sources.SelectMany(source => CodeConstant().Matches(source.Text))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["code"].Value, StringComparer.Ordinal);
        var helpers = CodeHelpers(sources);

        var messageAfterConstant = constants.Count == 0
            ? null
            : new Regex($@"\b(?<constant>{string.Join('|', constants.Keys)})\b{MessageTail}", RegexOptions.IgnorePatternWhitespace);

        foreach (var source in sources)
        {
            foreach (Match m in MessageAfterCode().Matches(source.Text))
                Add(m.Groups["code"].Value, string.Concat(m.Groups["part"].Captures.Select(c => c.Value)));

            if (messageAfterConstant is null) continue;
            foreach (Match m in messageAfterConstant.Matches(source.Text))
                Add(constants[m.Groups["constant"].Value], string.Concat(m.Groups["part"].Captures.Select(c => c.Value)));

            foreach (var code in CodesHandedTo(helpers, source.Text)) Add(code, "");
        }

        return messages.ToDictionary(m => m.Key, m => m.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The methods that take a code as a parameter (such as <c>invalidCode</c>) and raise it with an English message of their own.</summary>
    private static HashSet<string> CodeHelpers(IReadOnlyList<SourceFile> sources) =>
        sources.SelectMany(source =>
            {
                var raisedWithMessage = MessageAfterParameter().Matches(source.Text).Select(m => m.Groups["parameter"].Value).ToHashSet(StringComparer.Ordinal);
                return CodeParameter().Matches(source.Text)
                    .Where(m => raisedWithMessage.Contains(m.Groups["parameter"].Value))
                    .Select(m => CallAround(source.Text, m.Index));
            })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The codes given as arguments straight to one of <paramref name="helpers"/>.</summary>
    private static IEnumerable<string> CodesHandedTo(IReadOnlySet<string> helpers, string text) =>
        CodeLiteral().Matches(text).Where(m => CallAround(text, m.Index) is { } method && helpers.Contains(method)).Select(m => m.Groups["code"].Value);

    /// <summary>The method whose argument list holds the text at <paramref name="index"/>, if no other bracket or statement is in between.</summary>
    private static string? CallAround(string text, int index)
    {
        var open = text.LastIndexOfAny(['(', ')', ';', '{', '}'], index);
        if (open < 0 || text[open] != '(') return null;
        var name = MethodBefore().Match(text[Math.Max(0, open - 200)..open]);
        return name.Success ? name.Groups["method"].Value : null;
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

    /// <summary>What follows a code where its English is written: at most one argument such as the field, then the message.</summary>
    private const string MessageTail = """
        \s*,\s*
        (?:(?:"[A-Za-z0-9_.\[\]]*"|[\w.\[\]!?()]+)\s*,\s*)??
        \$?@?"(?![A-Za-z0-9_.\[\]]*")(?<part>(?:[^"\\]|\\.)*)"
        (?:\s*\+\s*\$?@?"(?<part>(?:[^"\\]|\\.)*)")*
        """;

    [GeneratedRegex($$"""
        "(?<code>{{Code}})"{{MessageTail}}
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex MessageAfterCode();

    [GeneratedRegex($$"""\bconst\s+string\s+(?<name>\w+)\s*=\s*"(?<code>{{Code}})"\s*;""")]
    private static partial Regex CodeConstant();

    [GeneratedRegex("""\bstring\??\s+(?<parameter>\w*[cC]ode)\b""")]
    private static partial Regex CodeParameter();

    [GeneratedRegex("""(?<method>\w+)\s*(?:<[^<>()]*>)?\s*$""")]
    private static partial Regex MethodBefore();

    [GeneratedRegex($$"""
        Problem\s*\.\s*\w+\s*\(\s*(?<parameter>\w*[cC]ode)\s*,\s*(?:[\w.]+\s*,\s*)?\$?"(?![A-Za-z0-9_.\[\]]*")
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex MessageAfterParameter();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex EnglishWords();

    [GeneratedRegex(@"\{(?<index>\d+)\s*(?:,[^{}]*)?(?::[^{}]*)?\}")]
    private static partial Regex Placeholder();
}
