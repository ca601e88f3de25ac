using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Localization;

/// <summary>Every word the web pages show comes from the resources, in 简体中文 and in English.</summary>
public sealed partial class WebTextTests
{
    private static readonly string Server = Path.Combine(TestRepository.Root, "src", "Fleet.Server");

    [Fact]
    public void Every_key_the_pages_use_has_a_Chinese_and_an_English_text()
    {
        var used = Directory.EnumerateFiles(Path.Combine(Server, "Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .ToHashSet();
        var chinese = Keys("WebText.resx");
        var english = Keys("WebText.en.resx");

        used.Should().HaveCountGreaterThan(150);
        used.Except(chinese).Should().BeEmpty("every key has its Chinese text");
        used.Except(english).Should().BeEmpty("every key has its English text");
        chinese.Should().BeEquivalentTo(english, "both languages have the same keys");
    }

    [Fact]
    public void English_texts_are_not_Chinese_and_Chinese_texts_are_not_left_in_English()
    {
        var chinese = Texts("WebText.resx");
        var english = Texts("WebText.en.resx");
        english.Where(t => Han().IsMatch(t.Value) && t.Key != "nav.other_language").Select(t => t.Key).Should().BeEmpty();
        // Separators (、：) belong to no language's words, nor does a text of placeholders and the marks around them (名称（编码）).
        chinese.Where(t => !Han().IsMatch(t.Value)
                && !System.Text.RegularExpressions.Regex.Replace(t.Value, @"\{\d+\}", "").All(c => char.IsPunctuation(c) || char.IsWhiteSpace(c))
                && t.Key is not ("nav.other_language" or "dispatch.reserved_by"))
            .Select(t => t.Key).Should().BeEmpty("a Chinese page shows Chinese words");
    }

    [Fact]
    public void Every_stored_event_has_a_name_in_both_languages()
    {
        var aliases = Fleet.Server.Hosting.EventCatalog.Aliases.Values.ToHashSet();
        var chinese = Texts("EventNames.resx");
        var english = Texts("EventNames.en.resx");

        chinese.Keys.Should().BeEquivalentTo(aliases, "the audit trail names every event a reader may meet, and nothing else");
        english.Keys.Should().BeEquivalentTo(aliases);
        chinese.Values.Should().OnlyContain(name => Han().IsMatch(name));
        english.Values.Should().OnlyContain(name => !Han().IsMatch(name) && char.IsAsciiLetterUpper(name[0]));
    }

    private static HashSet<string> Keys(string file) => Texts(file).Keys.ToHashSet();

    private static Dictionary<string, string> Texts(string file) =>
        XDocument.Load(Path.Combine(Server, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [GeneratedRegex("\"(?<key>(?:app|nav|signin|home|common|trips|trip|request|approvals|dispatch|driver|reports|logbook|audit|admin)\\.[a-z_0-9]+)\"")]
    private static partial Regex Key();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
