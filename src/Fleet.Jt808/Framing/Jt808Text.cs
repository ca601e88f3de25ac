using System.Text;

namespace Fleet.Jt808.Framing;

/// <summary>
/// STRING fields are GBK (JT/T 808 §4.3, table 2): plates carry Chinese characters. Fixed-width fields are padded with
/// 0x00 at the end; the padding is not part of the value.
/// </summary>
public static class Jt808Text
{
    /// <summary>GB 2312's code page as Windows extends it, i.e. GBK; from the framework's code-page provider.</summary>
    public static readonly Encoding Gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)
        ?? throw new InvalidOperationException("The GBK code page (936) is not available.");

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Gbk.GetString(end < 0 ? bytes : bytes[..end]);
    }

    public static byte[] Encode(string text) => Gbk.GetBytes(text);

    /// <summary>A fixed-width field: the text's bytes, then 0x00 up to the width; a longer text is the caller's mistake.</summary>
    public static byte[] Fixed(string text, int width)
    {
        var bytes = Gbk.GetBytes(text);
        if (bytes.Length > width)
            throw new ArgumentException($"'{text}' takes {bytes.Length} bytes; the field holds {width}.", nameof(text));
        var field = new byte[width];
        bytes.CopyTo(field, 0);
        return field;
    }
}
