using System.Text;

namespace Fleet.Server.Notifications.Channels;

/// <summary>
/// A message as a group robot shows it: the subject in bold, the body, and the link on its own line. Both robots read
/// a small Markdown; the text is written as it is, the link as itself so that it reads the same in every language.
/// </summary>
public static class RobotMarkdown
{
    /// <summary>企业微信 takes at most 4096 bytes of UTF-8 in a markdown message.</summary>
    public const int WeComLimitBytes = 4096;

    public static string Write(ChannelMessage message)
    {
        var text = new StringBuilder();
        text.Append("**").Append(message.Subject.Trim()).Append("**\n\n").Append(message.Body.Trim());
        if (message.Link is { } link) text.Append("\n\n[").Append(link.AbsoluteUri).Append("](").Append(link.AbsoluteUri).Append(')');
        return text.ToString();
    }

    /// <summary>
    /// The message within <paramref name="limitBytes"/> of UTF-8: the body is shortened (never the subject or the link,
    /// never inside a character) and marked with an ellipsis.
    /// </summary>
    public static string Write(ChannelMessage message, int limitBytes)
    {
        var whole = Write(message);
        if (Encoding.UTF8.GetByteCount(whole) <= limitBytes) return whole;

        var body = message.Body.Trim();
        var overflow = Encoding.UTF8.GetByteCount(whole) - limitBytes + Encoding.UTF8.GetByteCount("…");
        var keep = body.Length;
        while (keep > 0 && overflow > 0)
        {
            var cut = char.IsLowSurrogate(body[keep - 1]) && keep > 1 ? 2 : 1;
            overflow -= Encoding.UTF8.GetByteCount(body.AsSpan(keep - cut, cut));
            keep -= cut;
        }

        return Write(message with { Body = body[..keep] + "…" });
    }
}
