using System.Buffers.Binary;

namespace Fleet.Jt808.Framing;

/// <summary>
/// Reads the protocol's big-endian fields from a body. A read past the end does not throw: it sets
/// <see cref="Failed"/> and yields zeros, so a decoder reads a whole message and checks once, and a malformed frame
/// costs no exception.
/// </summary>
public ref struct BodyReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _at;

    public bool Failed { get; private set; }

    public readonly int Remaining => _body.Length - _at;

    public byte Byte() => Take(1) is { Length: 1 } b ? b[0] : (byte)0;

    public ushort Word() => Take(2) is { Length: 2 } b ? BinaryPrimitives.ReadUInt16BigEndian(b) : (ushort)0;

    public uint DWord() => Take(4) is { Length: 4 } b ? BinaryPrimitives.ReadUInt32BigEndian(b) : 0u;

    public ReadOnlySpan<byte> Bytes(int count) => Take(count);

    public ReadOnlySpan<byte> Rest() => Take(Remaining);

    /// <summary>Marks the body malformed for a reason the caller found (a value out of range, a count that disagrees).</summary>
    public void Fail() => Failed = true;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            Failed = true;
            _at = _body.Length;
            return [];
        }

        var slice = _body.Slice(_at, count);
        _at += count;
        return slice;
    }
}

/// <summary>Writes the protocol's big-endian fields; what the encoders of both sides use.</summary>
public sealed class BodyWriter
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public BodyWriter Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public BodyWriter Word(ushort value) => Byte((byte)(value >> 8)).Byte((byte)value);

    public BodyWriter DWord(uint value) => Word((ushort)(value >> 16)).Word((ushort)value);

    public BodyWriter Bytes(ReadOnlySpan<byte> value)
    {
        foreach (var b in value) _bytes.Add(b);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
