using System.Security.Cryptography;
using System.Text;

namespace Fleet.Domain.Common;

/// <summary>
/// Stream ids named after what they hold (a card's kind and number, a file's hash, a row's facts, a unit's month), so that the same thing
/// always names the same stream and the store refuses to start it twice: an RFC 9562 version 8 id from SHA-256.
/// </summary>
public static class NamedStreamIds
{
    public static Guid Of(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        bytes[6] = (byte)(0x80 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes.AsSpan(0, 16), bigEndian: true);
    }
}
