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

    public async Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        if (Recipient(message.Address) is not { } recipient)
            return new SendOutcome.Permanent($"\"{message.Address}\" is not an e-mail address.");

        var outcome = await TransferAsync(Compose(message, recipient), cancellationToken);
        if (outcome is not SendOutcome.Sent)
            logger.LogWarning("The SMTP server did not take {Delivery}: {Outcome}", message.DeliveryId, outcome);
        return outcome;
    }

    private async Task<SendOutcome> TransferAsync(MimeMessage mail, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        using var client = new SmtpClient();
        client.Timeout = (int)settings.Timeout.TotalMilliseconds;
        string answer;
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, Security(settings.Security), timeout.Token);
            if (!string.IsNullOrEmpty(settings.UserName))
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", timeout.Token);
            answer = await client.SendAsync(mail, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.Transient($"No answer from the SMTP server {settings.Host}:{settings.Port} within {settings.Timeout.TotalSeconds:0.#} s.", null);
        }
        catch (SmtpCommandException e)
        {
            var reason = $"SMTP {(int)e.StatusCode} ({e.ErrorCode}): {e.Message}";
            return (int)e.StatusCode >= 500 ? new SendOutcome.Permanent(reason) : new SendOutcome.Transient(reason, null);
        }
        catch (AuthenticationException e)
        {
            // The server refuses Fleet's account, not this message: every message waits until the settings are put right.
            return new SendOutcome.Transient($"The SMTP server {settings.Host} refused the sign-in of {EmailChannelSettings.Section}:UserName: {e.Message}", null);
        }
        catch (ServiceNotAuthenticatedException e)
        {
            // The server takes mail only from accounts and none is configured: as above, the settings are at fault.
            return new SendOutcome.Transient($"The SMTP server {settings.Host} wants a sign-in ({EmailChannelSettings.Section}:UserName): {e.Message}", null);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or ProtocolException or CommandException
                                      or SslHandshakeException or ServiceNotConnectedException or NotSupportedException)
        {
            return new SendOutcome.Transient($"Could not deliver to the SMTP server {settings.Host}:{settings.Port}: {e.Message}", null);
        }

        try
        {
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or SmtpProtocolException or SmtpCommandException)
        {
            // The server has taken the message already; a goodbye lost on the way changes nothing about it.
        }

        return new SendOutcome.Sent(string.IsNullOrWhiteSpace(answer) ? null : answer.Trim());
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

        mail.Body = new BodyBuilder { TextBody = text, HtmlBody = html.Append("</body></html>").ToString() }.ToMessageBody();
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
