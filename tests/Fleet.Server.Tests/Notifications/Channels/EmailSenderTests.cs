using System.Text;
using Fleet.Server.Notifications.Channels;
using Fleet.Testing;
using FluentAssertions;
using MimeKit;
using Xunit;

namespace Fleet.Server.Tests.Notifications.Channels;

/// <summary>
/// The e-mail channel against a real SMTP server (aiosmtpd on loopback): what arrives, byte for byte where it matters,
/// and what each refusal of the server turns into.
/// </summary>
public sealed class EmailSenderTests(EmailSenderTests.Server server) : IClassFixture<EmailSenderTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public TestSmtpServer Smtp { get; private set; } = null!;

        public async Task InitializeAsync() => Smtp = await TestSmtpServer.StartAsync();

        public async Task DisposeAsync() => await Smtp.DisposeAsync();
    }

    private ChannelServices Channels(string timeout = "00:00:20", int? port = null) => new(new Dictionary<string, string?>
    {
        [$"{EmailChannelSettings.Section}:Host"] = server.Smtp.Host,
        [$"{EmailChannelSettings.Section}:Port"] = (port ?? server.Smtp.Port).ToString(),
        [$"{EmailChannelSettings.Section}:Security"] = "None",
        [$"{EmailChannelSettings.Section}:FromAddress"] = "fleet@wuhan-motorpool.example.gov.cn",
        [$"{EmailChannelSettings.Section}:FromName"] = "W市公务用车平台",
        [$"{EmailChannelSettings.Section}:Timeout"] = timeout,
    });

    [Fact]
    public async Task A_Chinese_message_arrives_intact_as_text_and_html_with_the_delivery_as_its_message_id()
    {
        using var channels = Channels();
        var message = ChannelServices.Chinese(ChannelKind.Email, "zhang.wei@jiangan.example.gov.cn", "n-0001.r-42.email");

        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(message, CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Sent>().Which.ProviderReference.Should().Contain("queued");
        var mail = server.Smtp.ReceivedBy("zhang.wei@jiangan.example.gov.cn").Should().ContainSingle().Subject.Message;
        mail.MessageId.Should().Be("n-0001.r-42.email@fleet.local");
        mail.Headers[HeaderId.MessageId].Should().Be("<n-0001.r-42.email@fleet.local>");
        mail.Subject.Should().Be("派车单已确认：鄂A·D1234");
        mail.From.Mailboxes.Should().ContainSingle().Which.Should().Match<MailboxAddress>(from =>
            from.Address == "fleet@wuhan-motorpool.example.gov.cn" && from.Name == "W市公务用车平台");
        mail.To.Mailboxes.Should().ContainSingle().Which.Address.Should().Be("zhang.wei@jiangan.example.gov.cn");
        mail.Date.Should().Be(ChannelServices.Now.ToDateTimeOffset());

        // On the wire the subject is an RFC 2047 word in UTF-8 and both parts declare UTF-8: nothing relies on 8-bit headers.
        var rawSubject = mail.Headers.First(header => header.Id == HeaderId.Subject).RawValue;
        Encoding.ASCII.GetString(rawSubject).Should().Contain("=?utf-8?");
        rawSubject.Should().OnlyContain(b => b < 128);
        var plain = mail.BodyParts.OfType<TextPart>().Single(part => part.IsPlain);
        var html = mail.BodyParts.OfType<TextPart>().Single(part => part.IsHtml);
        plain.ContentType.Charset.Should().BeEquivalentTo("utf-8");
        html.ContentType.Charset.Should().BeEquivalentTo("utf-8");
        mail.Body!.ContentType.MimeType.Should().Be("multipart/alternative");
        plain.ContentTransferEncoding.Should().Be(ContentEncoding.Base64, "the parts are written in 7-bit ASCII, whatever the server takes");
        html.ContentTransferEncoding.Should().Be(ContentEncoding.Base64);

        plain.Text!.ReplaceLineEndings("\n").Should().Be(
            "您 11月3日 09:30 的用车申请已派车。\n司机：张伟，电话 13800138000。请提前五分钟到达东门。\n\n" + message.Link!.AbsoluteUri);
        html.Text.Should().Contain("<strong>派车单已确认：鄂A·D1234</strong>")
            .And.Contain("已派车。<br>司机：张伟")
            .And.Contain($"<a href=\"{message.Link.AbsoluteUri}\">");
    }

    [Fact]
    public async Task An_English_message_arrives_intact()
    {
        using var channels = Channels();
        var message = ChannelServices.English(ChannelKind.Email, "Li Na <li.na@hanyang.example.gov.cn>", "n-0002.r-7.email") with { Link = null };

        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(message, CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Sent>();
        var mail = server.Smtp.ReceivedBy("li.na@hanyang.example.gov.cn").Should().ContainSingle().Subject.Message;
        mail.Subject.Should().Be("Dispatch confirmed: 鄂A·D1234");
        mail.TextBody!.ReplaceLineEndings("\n").Should().Be(message.Body);
        mail.HtmlBody.Should().Contain("Driver: Zhang Wei").And.NotContain("<a ");
        mail.MessageId.Should().Be("n-0002.r-7.email@fleet.local");
    }

    [Fact]
    public async Task The_same_delivery_sent_again_carries_the_same_message_id()
    {
        using var channels = Channels();
        var message = ChannelServices.English(ChannelKind.Email, "twice@qiaokou.example.gov.cn", "notification:8f3a/recipient 12/email");

        (await channels.Sender(ChannelKind.Email).SendAsync(message, CancellationToken.None)).Should().BeOfType<SendOutcome.Sent>();
        (await channels.Sender(ChannelKind.Email).SendAsync(message, CancellationToken.None)).Should().BeOfType<SendOutcome.Sent>();

        var ids = server.Smtp.ReceivedBy("twice@qiaokou.example.gov.cn").Select(mail => mail.Message.MessageId).ToList();
        ids.Should().HaveCount(2).And.OnlyContain(id => id == "notification=3A8f3a/recipient=2012/email@fleet.local");
    }

    [Fact]
    public async Task A_mailbox_the_server_refuses_for_good_is_permanent()
    {
        using var channels = Channels();
        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.Chinese(ChannelKind.Email, "reject-wang@wuchang.example.gov.cn", "n-0003.r-1.email"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>().Which.Reason.Should().Contain("550").And.Contain("No such mailbox");
        server.Smtp.ReceivedBy("reject-wang@wuchang.example.gov.cn").Should().BeEmpty();
    }

    [Fact]
    public async Task A_mailbox_the_server_refuses_for_now_is_transient()
    {
        using var channels = Channels();
        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.Chinese(ChannelKind.Email, "later-chen@qingshan.example.gov.cn", "n-0004.r-1.email"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("451");
        server.Smtp.ReceivedBy("later-chen@qingshan.example.gov.cn").Should().BeEmpty();
    }

    [Fact]
    public async Task A_server_that_stops_answering_is_given_up_after_the_timeout_as_transient()
    {
        using var channels = Channels(timeout: "00:00:02");
        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.English(ChannelKind.Email, "silent-zhou@jianghan.example.gov.cn", "n-0005.r-1.email"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("within 2 s");
    }

    [Fact]
    public async Task A_server_that_refuses_the_connection_is_transient()
    {
        using var channels = Channels(port: TestPorts.Free());
        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.English(ChannelKind.Email, "anyone@jiangan.example.gov.cn", "n-0006.r-1.email"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("Could not deliver");
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("zhang.wei@")]
    [InlineData("")]
    public async Task Something_that_is_no_address_is_permanent_without_asking_the_server(string address)
    {
        using var channels = Channels();
        var before = server.Smtp.Received().Count;

        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.English(ChannelKind.Email, address, "n-0007.r-1.email"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>().Which.Reason.Should().Contain("is not an e-mail address");
        server.Smtp.Received().Should().HaveCount(before);
    }

    [Fact]
    public async Task A_cancelled_send_stops_with_the_cancellation()
    {
        using var channels = Channels();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var send = () => channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.English(ChannelKind.Email, "cancelled@jiangan.example.gov.cn", "n-0008.r-1.email"), cancelled.Token);

        await send.Should().ThrowAsync<OperationCanceledException>();
        server.Smtp.ReceivedBy("cancelled@jiangan.example.gov.cn").Should().BeEmpty();
    }

    [Fact]
    public async Task Messages_sent_together_share_one_session_and_a_refused_one_does_not_end_it()
    {
        using var channels = Channels();
        var messages = new[]
        {
            ChannelServices.Chinese(ChannelKind.Email, "first@hongshan.example.gov.cn", "n-0101.r-1.email"),
            ChannelServices.Chinese(ChannelKind.Email, "reject-second@hongshan.example.gov.cn", "n-0101.r-2.email"),
            ChannelServices.English(ChannelKind.Email, "third@hongshan.example.gov.cn", "n-0101.r-3.email"),
            ChannelServices.Chinese(ChannelKind.Email, "later-fourth@hongshan.example.gov.cn", "n-0101.r-4.email"),
            ChannelServices.Chinese(ChannelKind.Email, "no address", "n-0101.r-5.email"),
            ChannelServices.English(ChannelKind.Email, "sixth@hongshan.example.gov.cn", "n-0101.r-6.email"),
        };

        var outcomes = await channels.Sender(ChannelKind.Email).SendAllAsync(messages, CancellationToken.None);

        outcomes.Select(o => o.GetType().Name).Should().Equal("Sent", "Permanent", "Sent", "Transient", "Permanent", "Sent");
        var arrived = new[] { "first", "third", "sixth" }.Select(name => server.Smtp.ReceivedBy($"{name}@hongshan.example.gov.cn").Should().ContainSingle().Subject).ToList();
        arrived.Select(mail => mail.Message.MessageId).Should().Equal("n-0101.r-1.email@fleet.local", "n-0101.r-3.email@fleet.local", "n-0101.r-6.email@fleet.local");
        arrived.Select(mail => mail.Session).Distinct().Should().ContainSingle("one connection carries them all").Which.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_asked_once_for_messages_sent_together()
    {
        using var channels = Channels(port: TestPorts.Free());
        var messages = new[]
        {
            ChannelServices.English(ChannelKind.Email, "one@caidian.example.gov.cn", "n-0102.r-1.email"),
            ChannelServices.English(ChannelKind.Email, "two@caidian.example.gov.cn", "n-0102.r-2.email"),
            ChannelServices.English(ChannelKind.Email, "@caidian", "n-0102.r-3.email"),
        };

        var outcomes = await channels.Sender(ChannelKind.Email).SendAllAsync(messages, CancellationToken.None);

        outcomes[0].Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("Could not deliver");
        outcomes[1].Should().Be(outcomes[0], "the second waits for the server like the first, without another try now");
        outcomes[2].Should().BeOfType<SendOutcome.Permanent>("an address that is none stays none whatever the server does");
    }
}
