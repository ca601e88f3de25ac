namespace Fleet.Jt808.Tests;

/// <summary>Frames are written in the tests as the standard and the captures show them: hexadecimal, spaces allowed.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
