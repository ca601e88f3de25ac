using NodaTime;

namespace Fleet.Jt808.Framing;

/// <summary>
/// 8421 BCD, two decimal digits a byte, high nibble first: the terminal's phone number and the report time.
/// A nibble above 9 is not a digit, and a field holding one is refused rather than read as something else.
/// </summary>
public static class Bcd
{
    /// <summary>The platforms' and terminals' clock: report times are Beijing time, UTC+8, with no daylight saving.</summary>
    public static readonly Offset ChinaStandardTime = Offset.FromHours(8);

    public static bool TryDigits(ReadOnlySpan<byte> bcd, out string digits)
    {
        Span<char> chars = stackalloc char[bcd.Length * 2];
        for (var i = 0; i < bcd.Length; i++)
        {
            int high = bcd[i] >> 4, low = bcd[i] & 0x0f;
            if (high > 9 || low > 9) { digits = ""; return false; }
            chars[2 * i] = (char)('0' + high);
            chars[2 * i + 1] = (char)('0' + low);
        }

        digits = new string(chars);
        return true;
    }

    public static byte[] FromDigits(string digits, int bytes)
    {
        if (digits.Length > bytes * 2 || !digits.All(char.IsAsciiDigit))
            throw new ArgumentException($"'{digits}' is not a number of at most {bytes * 2} digits.", nameof(digits));
        var padded = digits.PadLeft(bytes * 2, '0');
        var bcd = new byte[bytes];
        for (var i = 0; i < bytes; i++)
            bcd[i] = (byte)(((padded[2 * i] - '0') << 4) | (padded[2 * i + 1] - '0'));
        return bcd;
    }

    /// <summary>
    /// The terminal's phone number as one identity for both editions: 2013 sends 12 digits, 2019 sends 20, both padded
    /// with leading zeros, so the zeros are dropped (a SIM number never begins with one).
    /// </summary>
    public static bool TryPhone(ReadOnlySpan<byte> bcd, out string phone)
    {
        if (!TryDigits(bcd, out var digits)) { phone = ""; return false; }
        phone = digits.TrimStart('0');
        return phone.Length > 0;
    }

    /// <summary>BCD[6] YYMMDDhhmmss in Beijing time, as the location report carries it; null for a date that does not exist.</summary>
    public static Instant? Time(ReadOnlySpan<byte> bcd)
    {
        if (bcd.Length != 6 || !TryDigits(bcd, out var d)) return null;
        int year = 2000 + Two(d, 0), month = Two(d, 2), day = Two(d, 4), hour = Two(d, 6), minute = Two(d, 8), second = Two(d, 10);
        if (month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return null;
        return new LocalDateTime(year, month, day, hour, minute, second).WithOffset(ChinaStandardTime).ToInstant();
    }

    public static byte[] FromTime(Instant time)
    {
        var local = time.WithOffset(ChinaStandardTime).LocalDateTime;
        if (local.Year is < 2000 or > 2099)
            throw new ArgumentOutOfRangeException(nameof(time), time, "BCD[6] holds the years 2000 to 2099.");
        return FromDigits($"{local.Year % 100:00}{local.Month:00}{local.Day:00}{local.Hour:00}{local.Minute:00}{local.Second:00}", 6);
    }

    private static int Two(string digits, int at) => (digits[at] - '0') * 10 + (digits[at + 1] - '0');
}
