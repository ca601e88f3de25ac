using System.Security.Cryptography;
using System.Text;
using Fleet.Server.Notifications.Channels;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Notifications.Channels;

/// <summary>The 钉钉 custom robot channel against a real HTTP server standing in for oapi.dingtalk.com.</summary>
public sealed class DingTalkRobotSenderTests(DingTalkRobotSenderTests.Server server) : IClassFixture<DingTalkRobotSenderTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public TestHttpReceiver Http { get; private set; } = null!;

        public async Task InitializeAsync() => Http = await TestHttpReceiver.StartAsync();

        public async Task DisposeAsync() => await Http.DisposeAsync();
    }

    private const string Secret = "SEC1f6e0c7b3d9a4e2f8c5b1a7d3e9f0c2b4a6d8e0f1c3b5a7d9e2f4c6b8a0d1e3f5";

    private ChannelServices Channels(string robot, string? secret = Secret, string timeout = "00:00:10")
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{DingTalkChannelSettings.Section}:Robots:{robot}:Url"] = server.Http.Url($"/robot/send/{robot}?access_token=token-{robot}").AbsoluteUri,
            [$"{DingTalkChannelSettings.Section}:Timeout"] = timeout,
        };
        if (secret is not null) settings[$"{DingTalkChannelSettings.Section}:Robots:{robot}:Secret"] = secret;
        return new ChannelServices(settings);
    }

    private static string PathOf(string robot) => $"/robot/send/{robot}";

    [Fact]
    public async Task A_signed_robot_gets_the_timestamp_of_the_clock_and_the_signature_dingtalk_checks()
    {
        server.Http.Answer(PathOf("420102"), Reply.Robot(0));
        using var channels = Channels("420102");
        channels.Clock.Reset(Instant.FromUnixTimeMilliseconds(1793669400123));
        var message = ChannelServices.Chinese(ChannelKind.DingTalk, "420102", "n-2001.pool-420102.dingtalk");

        var outcome = await channels.Sender(ChannelKind.DingTalk).SendAsync(message, CancellationToken.None);

        outcome.Should().Be(new SendOutcome.Sent(null));
        var request = server.Http.RequestsTo(PathOf("420102")).Should().ContainSingle().Subject;
        request.QueryValue("access_token").Should().Be("token-420102");
        request.QueryValue("timestamp").Should().Be("1793669400123");

        // Recomputed as 钉钉 documents it: Base64(HMAC-SHA256(key: secret, data: timestamp + "\n" + secret)), URL-encoded.
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes("1793669400123\n" + Secret)));
        request.QueryValue("sign").Should().Be(expected);
        request.Query.Should().Contain("&sign=" + Uri.EscapeDataString(expected));

        request.Header("Content-Type").Should().Be("application/json; charset=utf-8");
        request.Body.Should().Contain("派车单已确认");
        request.Json.GetProperty("msgtype").GetString().Should().Be("markdown");
        request.Json.GetProperty("markdown").GetProperty("title").GetString().Should().Be("派车单已确认：鄂A·D1234");
        request.Json.GetProperty("markdown").GetProperty("text").GetString().Should().Be(
            "**派车单已确认：鄂A·D1234**\n\n您 11月3日 09:30 的用车申请已派车。\n司机：张伟，电话 13800138000。请提前五分钟到达东门。\n\n"
            + $"[{message.Link!.AbsoluteUri}]({message.Link.AbsoluteUri})");
    }

    [Fact]
    public async Task Each_send_is_signed_for_its_own_moment()
    {
        server.Http.Answer(PathOf("420103"), Reply.Robot(0));
        using var channels = Channels("420103");
        var message = ChannelServices.English(ChannelKind.DingTalk, "420103", "n-2002.pool-420103.dingtalk");

        await channels.Sender(ChannelKind.DingTalk).SendAsync(message, CancellationToken.None);
        channels.Clock.AdvanceMinutes(5);
        await channels.Sender(ChannelKind.DingTalk).SendAsync(message, CancellationToken.None);

        var requests = server.Http.RequestsTo(PathOf("420103"));
        requests.Select(request => request.QueryValue("timestamp")).Should().Equal(
            ChannelServices.Now.ToUnixTimeMilliseconds().ToString(),
            (ChannelServices.Now + Duration.FromMinutes(5)).ToUnixTimeMilliseconds().ToString());
        requests[0].QueryValue("sign").Should().NotBe(requests[1].QueryValue("sign"));
    }

    [Fact]
    public async Task A_robot_without_a_secret_is_called_as_configured_with_an_english_message()
    {
        server.Http.Answer(PathOf("420104"), Reply.Robot(0));
        using var channels = Channels("420104", secret: null);
        var message = ChannelServices.English(ChannelKind.DingTalk, "420104", "n-2003.pool-420104.dingtalk");

        (await channels.Sender(ChannelKind.DingTalk).SendAsync(message, CancellationToken.None)).Should().BeOfType<SendOutcome.Sent>();

        var request = server.Http.RequestsTo(PathOf("420104")).Should().ContainSingle().Subject;
        request.Query.Should().Be("?access_token=token-420104");
        request.Json.GetProperty("markdown").GetProperty("title").GetString().Should().Be("Dispatch confirmed: 鄂A·D1234");
        request.Json.GetProperty("markdown").GetProperty("text").GetString().Should().Contain("Driver: Zhang Wei");
    }

    [Theory]
    [InlineData(130101, "send too fast, exceed 20 times per minute")]
    [InlineData(-1, "系统繁忙")]
    public async Task A_robot_sending_too_fast_or_busy_is_transient(long errcode, string errmsg)
    {
        server.Http.Answer(PathOf("420105"), Reply.Robot(errcode, errmsg));
        using var channels = Channels("420105");

        var outcome = await channels.Sender(ChannelKind.DingTalk).SendAsync(
            ChannelServices.English(ChannelKind.DingTalk, "420105", $"n-2004.{errcode}.dingtalk"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain(errcode.ToString()).And.Contain(errmsg);
    }

    [Theory]
    [InlineData(310000, "sign not match")]
    [InlineData(300001, "token is not exist")]
    public async Task A_robot_errcode_for_a_bad_token_or_signature_is_permanent(long errcode, string errmsg)
    {
        server.Http.Answer(PathOf("420106"), Reply.Robot(errcode, errmsg));
        using var channels = Channels("420106");

        var outcome = await channels.Sender(ChannelKind.DingTalk).SendAsync(
            ChannelServices.English(ChannelKind.DingTalk, "420106", $"n-2005.{errcode}.dingtalk"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>().Which.Reason.Should().Contain(errcode.ToString()).And.Contain(errmsg);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Server_errors_are_transient(int status)
    {
        server.Http.AnswerNext(PathOf("420107"), 1, Reply.Status(status));
        using var channels = Channels("420107");

        var outcome = await channels.Sender(ChannelKind.DingTalk).SendAsync(
            ChannelServices.English(ChannelKind.DingTalk, "420107", $"n-2006.{status}.dingtalk"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().StartWith($"HTTP {status}");
    }

    [Fact]
    public async Task Too_many_requests_is_transient_with_the_wait_the_far_end_asks_for()
    {
        server.Http.AnswerNext(PathOf("420108"), 1, Reply.TooManyRequests(TimeSpan.FromSeconds(60)));
        using var channels = Channels("420108");

        var outcome = await channels.Sender(ChannelKind.DingTalk).SendAsync(
            ChannelServices.English(ChannelKind.DingTalk, "420108", "n-2007.pool-420108.dingtalk"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.RetryAfter.Should().Be(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_robot_that_does_not_answer_within_the_timeout_is_transient()
    {
        server.Http.AnswerNext(PathOf("420109"), 1, Reply.NoAnswer);
        using var channels = Channels("420109", timeout: "00:00:01");

        var outcome = await channels.Sender(ChannelKind.DingTalk).SendAsync(
            ChannelServices.English(ChannelKind.DingTalk, "420109", "n-2008.pool-420109.dingtalk"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("within 1 s");
    }

    [Fact]
    public async Task A_cancelled_send_stops_with_the_cancellation()
    {
        using var channels = Channels("420110");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var send = () => channels.Sender(ChannelKind.DingTalk).SendAsync(
            ChannelServices.English(ChannelKind.DingTalk, "420110", "n-2009.pool-420110.dingtalk"), cancelled.Token);

        await send.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task An_address_without_a_configured_robot_is_permanent()
    {
        using var channels = Channels("420111");

        var outcome = await channels.Sender(ChannelKind.DingTalk).SendAsync(
            ChannelServices.English(ChannelKind.DingTalk, "420100", "n-2010.pool-420100.dingtalk"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>().Which.Reason.Should().Contain("420100");
    }

    [Fact]
    public async Task Notices_sent_together_go_as_one_post_titled_by_their_subjects()
    {
        server.Http.Answer(PathOf("420121"), Reply.Robot(0));
        using var channels = Channels("420121", secret: null);
        var messages = new[]
        {
            ChannelServices.Chinese(ChannelKind.DingTalk, "420121", "n-2101.dingtalk") with { Subject = "待您审批：调研" },
            ChannelServices.English(ChannelKind.DingTalk, "420121", "n-2102.dingtalk") with { Subject = "Approved: survey" },
        };

        var outcomes = await channels.Sender(ChannelKind.DingTalk).SendAllAsync(messages, CancellationToken.None);

        outcomes.Should().AllBeOfType<SendOutcome.Sent>().And.HaveCount(2);
        var markdown = server.Http.RequestsTo(PathOf("420121")).Should().ContainSingle().Subject.Json.GetProperty("markdown");
        markdown.GetProperty("title").GetString().Should().Be("待您审批：调研；Approved: survey");
        markdown.GetProperty("text").GetString().Should().StartWith("**待您审批：调研**").And.Contain("\n\n**Approved: survey**");
    }
}
