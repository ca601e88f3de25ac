using System.Text;

namespace Fleet.Domain.Vehicles;

/// <summary>
/// A Chinese motor-vehicle plate number (GA 36-2018), kept in one canonical spelling — province,
/// issuing-authority letter, a middle dot, serial — so that "鄂AC1234", "鄂a c1234" and "鄂A·C1234"
/// are recognised as the same plate when checking for duplicates.
/// </summary>
public readonly record struct Plate
{
    private const string Provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

    // I and O are never issued: they read as 1 and 0.
    private const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string NewEnergyMarks = "DABCEFGHJK";

    private Plate(string value, PlateKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }
    public PlateKind Kind { get; }

    public override string ToString() => Value;

    public static bool TryParse(string? text, out Plate plate)
    {
        plate = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32) return false;

        var compact = Compact(text);
        if (compact.Length < 7 || compact.Length > 8) return false;
        if (!Provinces.Contains(compact[0]) || !Letters.Contains(compact[1])) return false;

        var serial = compact[2..];
        var kind = Classify(serial);
        if (kind is null) return false;

        plate = new Plate($"{compact[..2]}·{serial}", kind.Value);
        return true;
    }

    public static Plate Parse(string text) =>
        TryParse(text, out var plate) ? plate : throw new FormatException($"'{text}' is not a valid plate number.");

    private static PlateKind? Classify(string serial)
    {
        switch (serial.Length)
        {
            case 5 when serial.All(IsSerialChar) && serial.Count(char.IsAsciiLetter) <= 2:
                return PlateKind.Ordinary;
            case 5 when serial[4] == '警' && serial[..4].All(IsSerialChar):
                return PlateKind.Police;
            // Small new-energy vehicles: energy mark first, then a letter or digit, then four digits.
            case 6 when NewEnergyMarks.Contains(serial[0]) && IsSerialChar(serial[1]) && serial[2..].All(char.IsAsciiDigit):
                return PlateKind.NewEnergy;
            // Large new-energy vehicles: five digits, energy mark last.
            case 6 when serial[..5].All(char.IsAsciiDigit) && NewEnergyMarks.Contains(serial[5]):
                return PlateKind.NewEnergy;
            default:
                return null;
        }
    }

    private static bool IsSerialChar(char c) => char.IsAsciiDigit(c) || Letters.Contains(c);

    private static string Compact(string text)
    {
        // NFKC folds full-width letters and digits typed on Chinese keyboards into ASCII.
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || c is '·' or '•' or '・' or '-' or '.' or '．') continue;
            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}

public enum PlateKind
{
    /// <summary>普通号牌 (blue or yellow)</summary>
    Ordinary,

    /// <summary>新能源号牌 (green, eight characters)</summary>
    NewEnergy,

    /// <summary>警用号牌</summary>
    Police,
}
