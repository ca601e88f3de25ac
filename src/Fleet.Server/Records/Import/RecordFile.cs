using Fleet.Domain.Common;
using Fleet.Domain.Records;

namespace Fleet.Server.Records.Import;

/// <summary>An uploaded export fit to be read: its layout, name, bytes and text.</summary>
public sealed record RecordFile(RecordLayout Layout, string Name, byte[] Bytes, string Text)
{
    /// <summary>The file's name when it is not a CSV file by its extension, or its bytes are no text (a spreadsheet, a PDF); none when it is.</summary>
    public static string? NotCsv(ImportRecordsForm form)
    {
        var name = string.IsNullOrWhiteSpace(form.FileName) ? RecordImport.DefaultFileName : form.FileName.Trim();
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension is not (".csv" or ".txt")) return name;
        return Base64(form.Content) is { } bytes && bytes.AsSpan(0, Math.Min(bytes.Length, 4096)).Contains((byte)0) ? name : null;
    }

    public static (RecordFile? File, IReadOnlyList<Problem> Problems) Read(ImportRecordsForm form, RecordLayouts layouts)
    {
        var problems = new List<Problem>();
        var layout = layouts.Named(form.Layout);
        if (string.IsNullOrWhiteSpace(form.Layout)) problems.Add(Problem.Required("layout"));
        else if (layout is null)
            problems.Add(Problem.Invalid("records.layout_unknown", "layout", "'{0}' is no layout of this server: use one of {1}.", Shortened(form.Layout),
                string.Join(", ", layouts.All.Select(l => l.Name))));
        var bytes = Base64(form.Content);
        if (string.IsNullOrWhiteSpace(form.Content)) problems.Add(Problem.Required("content"));
        else if (bytes is null) problems.Add(Problem.Invalid("records.content_invalid", "content", "The content is not Base64: send the file's bytes in Base64."));
        if (problems.Count > 0) return (null, problems);

        var text = layout!.Decode(bytes!);
        if (text is null)
            return (null, [Problem.Invalid("records.encoding_invalid", "content", "The file is not text in {0}, the encoding of layout {1}.", layout.Encoding, layout.Name)]);
        if (RecordImport.NotInLayout(text, layout) is { } notInLayout) return (null, [notInLayout]);
        if (text.Count(c => c == '\n') > RecordImport.MaxRows + layout.HeaderRows)
            return (null, [Problem.Invalid("records.too_many_rows", "content", "A file has at most {0} rows: split it.", RecordImport.MaxRows)]);

        var name = string.IsNullOrWhiteSpace(form.FileName) ? RecordImport.DefaultFileName : form.FileName.Trim();
        return (new RecordFile(layout, name, bytes!, text), []);
    }

    /// <summary>The stream of a file's one import, named after its hash.</summary>
    public static Guid StreamOf(string hash) => RecordImport.FileStreamId(hash);

    private static byte[]? Base64(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return null;
        var buffer = new byte[content.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(content.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    private static string Shortened(string text) => text.Trim().Length <= 40 ? text.Trim() : text.Trim()[..40] + "…";
}
