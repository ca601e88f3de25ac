using System.Text;

namespace Fleet.Domain.Positions;

/// <summary>
/// A terminal's phone number (终端手机号), the id it gives in every JT/T 808 message header. The 2013 edition sends it as
/// six BCD bytes, twelve digits, so an eleven-digit SIM number arrives with a leading zero; the 2019 edition sends ten
/// bytes, the same number with more leading zeros. Kept as twelve digits, so that the number typed from the label on
/// the device and the one the terminal sends are one string.
/// </summary>
public static class TerminalNumber
{
    public const int Digits = 12;

    /// <summary>
    /// The number in its kept form, or null when it is none: digits only once spaces and dashes (and full-width digits)
    /// are read, eleven or twelve of them after any leading zeros a 2019 device prints or sends beyond twelve.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40) return null;

        var digits = new StringBuilder(Digits);
        foreach (var c in input.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (!char.IsWhiteSpace(c) && c != '-') return null;
        }

        var text = digits.ToString();
        if (text.Length > Digits)
        {
            var extra = text.Length - Digits;
            if (text[..extra].Any(c => c != '0')) return null;
            text = text[extra..];
        }

        return text.Length is Digits or Digits - 1 ? text.PadLeft(Digits, '0') : null;
    }
}
