using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Domain.Records;

/// <summary>
/// How one issuer writes its export: which column holds which field (by its header's name, or by position as <c>#3</c>,
/// counting from 1), how it writes dates, times and decimals, and the file's encoding. A new issuer is one more of these
/// in configuration (docs/records.md); nothing in the code names an issuer.
/// </summary>
public sealed class RecordLayout
{
    /// <summary>The layout's key, as the import names it: <c>sinopec-fuel</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Who issues the file, as people call it: 中国石化加油卡.</summary>
    public string Issuer { get; set; } = "";

    public RecordKind Kind { get; set; }

    /// <summary><c>utf-8</c> (a byte-order mark is skipped) or <c>gbk</c>/<c>gb18030</c>, as Excel saves a Chinese CSV.</summary>
    public string Encoding { get; set; } = "utf-8";

    public char Delimiter { get; set; } = ',';

    /// <summary>Lines before the first record: the header, and any title lines above it.</summary>
    public int HeaderRows { get; set; } = 1;

    /// <summary>
    /// The moment's pattern (NodaTime), in the city's time zone: <c>uuuu-MM-dd HH:mm:ss</c>. When the date and the time are
    /// two columns, the two cells are joined with a space before reading.
    /// </summary>
    public string TimeFormat { get; set; } = "uuuu-MM-dd HH:mm:ss";

    public char DecimalSeparator { get; set; } = '.';

    /// <summary>
    /// Field to column: <c>card</c> or <c>plate</c> (one at least), <c>time</c>, optionally <c>date</c> (when the time
    /// column holds the time of day only), <c>place</c> (station, road, car park), <c>litres</c> (fuel only), <c>amount</c>.
    /// </summary>
    public Dictionary<string, string> Columns { get; set; } = [];

    public static readonly IReadOnlyList<string> Fields = ["card", "plate", "date", "time", "place", "litres", "amount"];

    /// <summary>What is wrong with the layout, in words for the administrator who wrote it; empty when it can be used.</summary>
    public IReadOnlyList<string> Faults()
    {
        var faults = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) faults.Add("a layout needs a name");
        if (!Enum.IsDefined(Kind)) faults.Add($"layout {Name}: kind {Kind} is not fuel, toll or parking");
        if (TextEncoding() is null) faults.Add($"layout {Name}: encoding '{Encoding}' is not known to this runtime");
        if (HeaderRows < 0) faults.Add($"layout {Name}: header rows cannot be negative");
        foreach (var field in Columns.Keys.Where(f => !Fields.Contains(f))) faults.Add($"layout {Name}: '{field}' is no field (use {string.Join(", ", Fields)})");
        if (!Columns.ContainsKey("card") && !Columns.ContainsKey("plate")) faults.Add($"layout {Name}: map a card or a plate column");
        foreach (var needed in new[] { "time", "amount" }.Where(f => !Columns.ContainsKey(f))) faults.Add($"layout {Name}: map the {needed} column");
        if (Kind == RecordKind.Fuel && !Columns.ContainsKey("litres")) faults.Add($"layout {Name}: a fuel layout maps the litres column");
        try
        {
            var pattern = LocalDateTimePattern.CreateWithInvariantCulture(TimeFormat);
            if (!pattern.Parse(pattern.Format(new LocalDateTime(2026, 1, 2, 3, 4, 5))).Success) faults.Add($"layout {Name}: '{TimeFormat}' does not read back");
        }
        catch (InvalidPatternException)
        {
            faults.Add($"layout {Name}: '{TimeFormat}' is no date and time pattern");
        }

        return faults;
    }

    /// <summary>The file's encoding; GBK and GB18030 come from the code pages the runtime carries.</summary>
    public Encoding? TextEncoding()
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            return System.Text.Encoding.GetEncoding(Encoding.Trim(), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The file's text: a UTF-8 byte-order mark is dropped; bytes that are no text in the encoding give none.</summary>
    public string? Decode(byte[] bytes)
    {
        var encoding = TextEncoding()!;
        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try
        {
            return encoding.GetString(bytes, start, bytes.Length - start).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A decimal as the issuer writes it: its separator, and thousands grouped with commas or spaces when the separator is a comma.</summary>
    public bool TryDecimal(string text, out decimal value)
    {
        var plain = text.Trim().Replace("¥", "").Replace("￥", "").Replace(" ", "");
        if (DecimalSeparator != '.') plain = plain.Replace(".", "").Replace(DecimalSeparator, '.');
        else plain = plain.Replace(",", "");
        return decimal.TryParse(plain, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
