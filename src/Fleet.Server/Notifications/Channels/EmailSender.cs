using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Fleet.Server.Notifications.Channels;

/// <summary>
/// E-mail through the configured SMTP server: the text as plain text with a simple HTML alternative carrying the link,
/// the Message-ID taken from the delivery's id so that a message sent twice is recognisably the same one. A 5xx reply
/// (a mailbox that does not exist, a message refused) will be given again; a 4xx reply, a broken or refused connection
/// or a silent server is worth another try.
/// </summary>
public sealed class EmailSender(EmailChannelSettings settings, IClock clock, ILogger<EmailSender> logger) : IChannelSender
{
    public static readonly string MessageIdDomain = "fleet.local";

    /// <summary>HTML with Chinese (and ·) written as itself; only what HTML itself uses is escaped.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public ChannelKind Channel => ChannelKind.Email;

    public bool IsConfigured => settings.IsConfigured;

    public async Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken) =>
        (await SendAllAsync([message], cancellationToken))[0];

    /// <summary>
    /// The messages over one SMTP session, reconnecting once it breaks: the connection, greeting and sign-in are most
    /// of what a message costs the server and Fleet. A message the server refuses does not end the session.
    /// </summary>
    public async Task<IReadOnlyList<SendOutcome>> SendAllAsync(IReadOnlyList<ChannelMessage> messages, CancellationToken cancellationToken)
    {
        var outcomes = new SendOutcome[messages.Count];
        SmtpClient? client = null;
        try
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                if (Recipient(message.Address) is not { } recipient)
                {
                    outcomes[i] = NoAddress(message.Address);
                    continue;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.Timeout);
                var connected = client is not null;
                try
                {
                    client ??= await ConnectAsync(timeout.Token);
                    connected = true;
                    var answer = await client.SendAsync(Compose(message, recipient), timeout.Token);
                    outcomes[i] = new SendOutcome.Sent(string.IsNullOrWhiteSpace(answer) ? null : answer.Trim());
                }
                catch (Exception e) when (Outcome(e, cancellationToken) is { } outcome)
                {
                    outcomes[i] = outcome;
                    logger.LogWarning("The SMTP server did not take {Delivery}: {Outcome}", message.DeliveryId, outcome);
                    if (!connected)
                    {
                        // A server that cannot be reached for one message is not tried again for each of the others.
                        for (var rest = i + 1; rest < messages.Count; rest++)
                            outcomes[rest] = Recipient(messages[rest].Address) is null ? NoAddress(messages[rest].Address) : outcome;
                        break;
                    }

                    // A session that timed out mid-command cannot be trusted with the next message.
                    if (client is not null && (!client.IsConnected || e is OperationCanceledException or TimeoutException))
                    {
                        client.Dispose();
                        client = null;
                    }
                }
            }
        }
        finally
        {
            if (client is not null) await GoodbyeAsync(client, cancellationToken);
        }

        return outcomes;
    }

    private static SendOutcome NoAddress(string address) => new SendOutcome.Permanent($"\"{address}\" is not an e-mail address.");

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, Security(settings.Security), cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>What a failure means for the message being sent; null for one that is not the far end's (Fleet stopping).</summary>
    private SendOutcome? Outcome(Exception failure, CancellationToken cancellationToken) => failure switch
    {
        // The session's own time limit and the client's per-read one say the same: the server did not answer in time.
        OperationCanceledException or TimeoutException when !cancellationToken.IsCancellationRequested =>
            new SendOutcome.Transient($"No answer from the SMTP server {settings.Host}:{settings.Port} within {settings.Timeout.TotalSeconds:0.#} s.", null),
        SmtpCommandException e when (int)e.StatusCode >= 500 => new SendOutcome.Permanent($"SMTP {(int)e.StatusCode} ({e.ErrorCode}): {e.Message}"),
        SmtpCommandException e => new SendOutcome.Transient($"SMTP {(int)e.StatusCode} ({e.ErrorCode}): {e.Message}", null),
        // The server refuses Fleet's account, not this message: every message waits until the settings are put right.
        AuthenticationException e =>
            new SendOutcome.Transient($"The SMTP server {settings.Host} refused the sign-in of {EmailChannelSettings.Section}:UserName: {e.Message}", null),
        // The server takes mail only from accounts and none is configured: as above, the settings are at fault.
        ServiceNotAuthenticatedException e =>
            new SendOutcome.Transient($"The SMTP server {settings.Host} wants a sign-in ({EmailChannelSettings.Section}:UserName): {e.Message}", null),
        IOException or SocketException or ProtocolException or CommandException or SslHandshakeException
            or ServiceNotConnectedException or NotSupportedException =>
            new SendOutcome.Transient($"Could not deliver to the SMTP server {settings.Host}:{settings.Port}: {failure.Message}", null),
        _ => null,
    };

    private async Task GoodbyeAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.Timeout);
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or SmtpProtocolException or SmtpCommandException
                                          or ServiceNotConnectedException)
            {
                // The server has taken the messages already; a goodbye lost on the way changes nothing about them.
            }
        }
    }

    /// <summary>The message as it is sent: from the configured sender, to one recipient, text and HTML alike.</summary>
    public MimeMessage Compose(ChannelMessage message, MailboxAddress recipient)
    {
        var mail = new MimeMessage
        {
            MessageId = MessageId(message.DeliveryId),
            Date = clock.GetCurrentInstant().ToDateTimeOffset(),
            Subject = message.Subject.Trim(),
        };
        mail.From.Add(new MailboxAddress(settings.FromName ?? "", settings.FromAddress!));
        mail.To.Add(recipient);

        var text = message.Body.Trim();
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>")
            .Append("<p><strong>").Append(Html.Encode(mail.Subject)).Append("</strong></p>")
            .Append("<p>").AppendJoin("<br>", text.ReplaceLineEndings("\n").Split('\n').Select(Html.Encode)).Append("</p>");
        if (message.Link is { } link)
        {
            text += "\n\n" + link.AbsoluteUri;
            var address = Html.Encode(link.AbsoluteUri);
            html.Append("<p><a href=\"").Append(address).Append("\">").Append(address).Append("</a></p>");
        }

        // The transfer encoding is named rather than left to MimeKit, which otherwise reads each part through to choose
        // one before every send: most of what composing and writing a message cost (measured: 147 µs a message against
        // 44). Base64 is what it chooses for Chinese text, the shortest for it, and every mail reader decodes it.
        mail.Body = new MultipartAlternative
        {
            new TextPart(MimeKit.Text.TextFormat.Plain) { Text = text, ContentTransferEncoding = ContentEncoding.Base64 },
            new TextPart(MimeKit.Text.TextFormat.Html) { Text = html.Append("</body></html>").ToString(), ContentTransferEncoding = ContentEncoding.Base64 },
        };
        return mail;
    }

    /// <summary>
    /// The Message-ID's left part (without angle brackets): the delivery's id where it is made of what a Message-ID
    /// allows, other characters written as =XX of their UTF-8 bytes, so the same delivery always gets the same one.
    /// </summary>
    public static string MessageId(string deliveryId)
    {
        var left = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(deliveryId))
        {
            var c = (char)b;
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/?^_`{|}~.".Contains(c))) left.Append(c);
            else left.Append('=').Append(b.ToString("X2"));
        }

        var text = left.ToString().Trim('.');
        while (text.Contains("..")) text = text.Replace("..", ".=2E");
        return $"{text}@{MessageIdDomain}";
    }

    /// <summary>The recipient when <paramref name="address"/> is one e-mail address with a local part and a domain.</summary>
    public static MailboxAddress? Recipient(string address) =>
        MailboxAddress.TryParse(address.Trim(), out var mailbox) && mailbox.Address.IndexOf('@') is > 0 and var at && at < mailbox.Address.Length - 1
            ? mailbox
            : null;

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
