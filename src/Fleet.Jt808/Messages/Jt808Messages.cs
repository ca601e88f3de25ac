using Fleet.Jt808.Framing;

namespace Fleet.Jt808.Messages;

/// <summary>The message ids this gateway speaks (JT/T 808 table 3); everything else is answered "unsupported".</summary>
public static class MessageIds
{
    public const ushort TerminalReply = 0x0001;
    public const ushort Heartbeat = 0x0002;
    /// <summary>终端注销 as the 2013 and 2019 texts number it.</summary>
    public const ushort Logout = 0x0003;
    /// <summary>终端注销 as some terminals and the issue number it (an early draft's id); read as <see cref="Logout"/>.</summary>
    public const ushort LogoutLegacy = 0x0101;
    public const ushort Register = 0x0100;
    public const ushort Authenticate = 0x0102;
    public const ushort LocationReport = 0x0200;
    public const ushort BatchUpload = 0x0704;
    public const ushort PlatformReply = 0x8001;
    public const ushort RegistrationReply = 0x8100;
}

/// <summary>A decoded message body, of either direction.</summary>
public abstract record Jt808Message;

/// <summary>0x0100 终端注册. Fixed widths: 2013 maker 5, model 20, terminal id 7; 2019 maker 11, model 30, terminal id 30.</summary>
public sealed record TerminalRegistration(
    ushort Province, ushort City, string Manufacturer, string Model, string TerminalId, byte PlateColor, string Plate) : Jt808Message;

/// <summary>0x0102 终端鉴权. 2013: the code is the whole body. 2019: code length BYTE, code, IMEI BYTE[15], software version BYTE[20].</summary>
public sealed record TerminalAuthentication(string Code, string? Imei = null, string? SoftwareVersion = null) : Jt808Message;

/// <summary>0x0002 终端心跳: an empty body.</summary>
public sealed record Heartbeat : Jt808Message;

/// <summary>0x0003 终端注销 (0x0101 read too): an empty body.</summary>
public sealed record TerminalLogout : Jt808Message;

/// <summary>0x0200 位置信息汇报.</summary>
public sealed record LocationReport(Jt808Position Position) : Jt808Message;

/// <summary>0x0704 定位数据批量上传. <see cref="Kind"/> 0 is a regular batch, 1 a blind-area supplement (盲区补报).</summary>
public sealed record LocationBatch(byte Kind, IReadOnlyList<Jt808Position> Positions) : Jt808Message;

/// <summary>0x0001 终端通用应答, the terminal's answer to a platform message; nothing is answered to it.</summary>
public sealed record TerminalReply(ushort ReplySerial, ushort ReplyId, byte Result) : Jt808Message;

/// <summary>0x8001 平台通用应答.</summary>
public sealed record PlatformReply(ushort ReplySerial, ushort ReplyId, ReplyResult Result) : Jt808Message;

/// <summary>0x8100 终端注册应答: the reply serial, the result, and the authentication code only when registered.</summary>
public sealed record RegistrationReply(ushort ReplySerial, RegistrationResult Result, string? AuthenticationCode) : Jt808Message;

/// <summary>A message id the gateway does not speak, or a body it cannot read (encrypted).</summary>
public sealed record UnsupportedMessage(ushort MessageId) : Jt808Message;

/// <summary>A known id whose body does not hold what the id promises.</summary>
public sealed record MalformedMessage(ushort MessageId, string Reason) : Jt808Message;

/// <summary>The result byte of 0x8001.</summary>
public enum ReplyResult : byte
{
    Ok = 0,
    Failure = 1,
    WrongMessage = 2,
    Unsupported = 3,
    AlarmConfirmed = 4,
}

/// <summary>The result byte of 0x8100.</summary>
public enum RegistrationResult : byte
{
    Registered = 0,
    VehicleAlreadyRegistered = 1,
    NoSuchVehicle = 2,
    TerminalAlreadyRegistered = 3,
    NoSuchTerminal = 4,
}

/// <summary>Bodies to and from bytes, per edition.</summary>
public static class Jt808Messages
{
    public static Jt808Message Read(Jt808Packet packet)
    {
        var header = packet.Header;
        if (header.Encryption != 0) return new UnsupportedMessage(header.MessageId);
        var body = new BodyReader(packet.Body);
        Jt808Message message = header.MessageId switch
        {
            MessageIds.Heartbeat => new Heartbeat(),
            MessageIds.Logout or MessageIds.LogoutLegacy => new TerminalLogout(),
            MessageIds.Register => ReadRegistration(ref body, header.Version),
            MessageIds.Authenticate => ReadAuthentication(ref body, header.Version),
            MessageIds.LocationReport => Jt808Positions.Read(ref body, out var fault) is { } position
                ? new LocationReport(position)
                : new MalformedMessage(header.MessageId, fault!),
            MessageIds.BatchUpload => ReadBatch(ref body, header.MessageId),
            MessageIds.TerminalReply => new TerminalReply(body.Word(), body.Word(), body.Byte()),
            MessageIds.PlatformReply => new PlatformReply(body.Word(), body.Word(), (ReplyResult)body.Byte()),
            MessageIds.RegistrationReply => ReadRegistrationReply(ref body),
            _ => new UnsupportedMessage(header.MessageId),
        };
        if (message is UnsupportedMessage or MalformedMessage) return message;
        return body.Failed || body.Remaining != 0
            ? new MalformedMessage(header.MessageId, body.Failed ? "the body is shorter than its fields" : "bytes are left after the last field")
            : message;
    }

    /// <summary>The message id and body of a message; the caller puts them in a header.</summary>
    public static (ushort MessageId, byte[] Body) Write(Jt808Message message, Jt808Version version)
    {
        var w = new BodyWriter();
        switch (message)
        {
            case Heartbeat:
                return (MessageIds.Heartbeat, []);
            case TerminalLogout:
                return (MessageIds.Logout, []);
            case TerminalRegistration r:
                var v2019 = version == Jt808Version.V2019;
                w.Word(r.Province).Word(r.City)
                    .Bytes(Jt808Text.Fixed(r.Manufacturer, v2019 ? 11 : 5))
                    .Bytes(Jt808Text.Fixed(r.Model, v2019 ? 30 : 20))
                    .Bytes(Jt808Text.Fixed(r.TerminalId, v2019 ? 30 : 7))
                    .Byte(r.PlateColor)
                    .Bytes(Jt808Text.Encode(r.Plate));
                return (MessageIds.Register, w.ToArray());
            case TerminalAuthentication a when version == Jt808Version.V2019:
                var code = Jt808Text.Encode(a.Code);
                if (code.Length > byte.MaxValue) throw new ArgumentException("A 2019 authentication code holds at most 255 bytes.", nameof(message));
                w.Byte((byte)code.Length).Bytes(code)
                    .Bytes(Jt808Text.Fixed(a.Imei ?? "", 15))
                    .Bytes(Jt808Text.Fixed(a.SoftwareVersion ?? "", 20));
                return (MessageIds.Authenticate, w.ToArray());
            case TerminalAuthentication a:
                return (MessageIds.Authenticate, Jt808Text.Encode(a.Code));
            case LocationReport l:
                Jt808Positions.Write(w, l.Position);
                return (MessageIds.LocationReport, w.ToArray());
            case LocationBatch b:
                w.Word((ushort)b.Positions.Count).Byte(b.Kind);
                foreach (var position in b.Positions)
                {
                    var item = new BodyWriter();
                    Jt808Positions.Write(item, position);
                    w.Word((ushort)item.Length).Bytes(item.ToArray());
                }

                return (MessageIds.BatchUpload, w.ToArray());
            case TerminalReply t:
                w.Word(t.ReplySerial).Word(t.ReplyId).Byte(t.Result);
                return (MessageIds.TerminalReply, w.ToArray());
            case PlatformReply p:
                w.Word(p.ReplySerial).Word(p.ReplyId).Byte((byte)p.Result);
                return (MessageIds.PlatformReply, w.ToArray());
            case RegistrationReply r:
                w.Word(r.ReplySerial).Byte((byte)r.Result);
                if (r.Result == RegistrationResult.Registered) w.Bytes(Jt808Text.Encode(r.AuthenticationCode ?? ""));
                return (MessageIds.RegistrationReply, w.ToArray());
            default:
                throw new ArgumentException($"{message.GetType().Name} is not written by this codec.", nameof(message));
        }
    }

    private static Jt808Message ReadRegistration(ref BodyReader body, Jt808Version version)
    {
        var v2019 = version == Jt808Version.V2019;
        var province = body.Word();
        var city = body.Word();
        var manufacturer = Jt808Text.Decode(body.Bytes(v2019 ? 11 : 5));
        var model = Jt808Text.Decode(body.Bytes(v2019 ? 30 : 20));
        var terminalId = Jt808Text.Decode(body.Bytes(v2019 ? 30 : 7));
        var color = body.Byte();
        var plate = Jt808Text.Decode(body.Rest());
        return new TerminalRegistration(province, city, manufacturer, model, terminalId, color, plate);
    }

    private static Jt808Message ReadAuthentication(ref BodyReader body, Jt808Version version)
    {
        if (version == Jt808Version.V2013) return new TerminalAuthentication(Jt808Text.Decode(body.Rest()));
        var length = body.Byte();
        var code = Jt808Text.Decode(body.Bytes(length));
        var imei = Jt808Text.Decode(body.Bytes(15));
        var software = Jt808Text.Decode(body.Bytes(20));
        return new TerminalAuthentication(code, imei, software);
    }

    private static Jt808Message ReadRegistrationReply(ref BodyReader body)
    {
        var serial = body.Word();
        var result = (RegistrationResult)body.Byte();
        var code = result == RegistrationResult.Registered ? Jt808Text.Decode(body.Rest()) : null;
        return new RegistrationReply(serial, result, code);
    }

    /// <summary>
    /// Count WORD, kind BYTE, then per item its length WORD and a 0x0200 body. The count must match the items and
    /// every item must be a position: a batch that disagrees with itself is refused entire, as none of its items can
    /// be trusted to be what the terminal meant.
    /// </summary>
    private static Jt808Message ReadBatch(ref BodyReader body, ushort id)
    {
        var count = body.Word();
        var kind = body.Byte();
        if (count == 0) return new MalformedMessage(id, "a batch of no positions");
        var positions = new List<Jt808Position>(Math.Min((int)count, 64));
        for (var i = 0; i < count; i++)
        {
            var length = body.Word();
            var item = new BodyReader(body.Bytes(length));
            if (body.Failed) return new MalformedMessage(id, $"item {i + 1} of {count} runs past the body");
            if (Jt808Positions.Read(ref item, out var fault) is not { } position)
                return new MalformedMessage(id, $"item {i + 1} of {count}: {fault}");
            positions.Add(position);
        }

        return new LocationBatch(kind, positions);
    }
}
