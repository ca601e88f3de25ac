using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Domain.Records;

namespace Fleet.Server.Records.Import;

/// <summary>
/// The issuers' layouts an import may name: the ones Fleet ships (record-layouts.json), and those configured under
/// <c>Fleet:Records:Layouts</c> (a list, each as in the shipped file) or in the JSON file <c>Fleet:Records:LayoutFile</c>
/// names; a configured layout of a shipped name takes its place. A layout that cannot be used stops the start, with
/// what is wrong with it.
/// </summary>
public sealed class RecordLayouts
{
    public const string Section = "Fleet:Records";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() }, ReadCommentHandling = JsonCommentHandling.Skip };

    public RecordLayouts(IEnumerable<RecordLayout> layouts)
    {
        All = layouts.GroupBy(l => l.Name).Select(g => g.Last()).OrderBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.Ordinal).ToList();
        var faults = All.SelectMany(l => l.Faults()).ToList();
        if (faults.Count > 0) throw new InvalidOperationException("The record layouts cannot be used: " + string.Join("; ", faults));
    }

    public IReadOnlyList<RecordLayout> All { get; }

    public RecordLayout? Named(string? name) => All.FirstOrDefault(l => string.Equals(l.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static RecordLayouts From(IConfiguration configuration)
    {
        using var shipped = typeof(RecordLayouts).Assembly.GetManifestResourceStream("Fleet.Server.record-layouts.json")!;
        var layouts = JsonSerializer.Deserialize<List<RecordLayout>>(shipped, Json)!;
        var section = configuration.GetSection(Section);
        if (section["LayoutFile"] is { Length: > 0 } file) layouts.AddRange(JsonSerializer.Deserialize<List<RecordLayout>>(File.ReadAllText(file), Json) ?? []);
        layouts.AddRange(section.GetSection("Layouts").Get<List<RecordLayout>>() ?? []);
        return new RecordLayouts(layouts);
    }
}
