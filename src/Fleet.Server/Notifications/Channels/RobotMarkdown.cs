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

    /// <summary>
    /// Messages to one robot packed into as few posts as fit within <paramref name="limitBytes"/> each, in their order:
    /// a robot takes 20 posts a minute, so a busy hour's notices reach the group whole rather than refused. Each post
    /// names the messages it carries by their index.
    /// </summary>
    public static IEnumerable<(string Text, IReadOnlyList<int> Carried)> Pack(IReadOnlyList<ChannelMessage> messages, int limitBytes)
    {
        var text = new StringBuilder();
        var carried = new List<int>();
        // The post's size is counted as it grows: measuring the whole post again for each message wrote it out each time.
        var bytes = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var one = Write(messages[i], limitBytes);
            var size = Encoding.UTF8.GetByteCount(one);
            if (carried.Count > 0 && bytes + BetweenBytes + size > limitBytes)
            {
                yield return (text.ToString(), carried);
                text.Clear();
                carried = [];
                bytes = 0;
            }

            if (carried.Count > 0)
            {
                text.Append(Between);
                bytes += BetweenBytes;
            }

            text.Append(one);
            bytes += size;
            carried.Add(i);
        }

        if (carried.Count > 0) yield return (text.ToString(), carried);
    }

    /// <summary>Notices in one post stand apart by an empty line; each begins with its subject in bold.</summary>
    private const string Between = "\n\n";

    private static readonly int BetweenBytes = Encoding.UTF8.GetByteCount(Between);

    /// <summary>
    /// Posts each message to its robot, packed as <see cref="Pack"/> does per address; a post's outcome is that of every
    /// message it carried.
    /// </summary>
    public static async Task<IReadOnlyList<SendOutcome>> PostAllAsync(IReadOnlyList<ChannelMessage> messages, int limitBytes,
        Func<string, IReadOnlyList<ChannelMessage>, string, Task<SendOutcome>> post, CancellationToken cancellationToken)
    {
        var outcomes = new SendOutcome[messages.Count];
        foreach (var robot in messages.Select((m, i) => (m, i)).GroupBy(x => x.m.Address.Trim()))
        {
            var ofRobot = robot.ToList();
            foreach (var (text, carried) in Pack(ofRobot.Select(x => x.m).ToList(), limitBytes))
            {
                var pack = carried.Select(c => ofRobot[c].m).ToList();
                var outcome = await ChannelSending.GuardedAsync(() => post(robot.Key, pack, text), cancellationToken);
                foreach (var c in carried) outcomes[ofRobot[c].i] = outcome;
            }
        }

        return outcomes;
    }
}
