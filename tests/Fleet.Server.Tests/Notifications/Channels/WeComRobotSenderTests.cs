using System.Text;
using Fleet.Server.Notifications.Channels;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Notifications.Channels;

/// <summary>The 企业微信 group robot channel against a real HTTP server standing in for qyapi.weixin.qq.com.</summary>
public sealed class WeComRobotSenderTests(WeComRobotSenderTests.Server server) : IClassFixture<WeComRobotSenderTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public TestHttpReceiver Http { get; private set; } = null!;

        public async Task InitializeAsync() => Http = await TestHttpReceiver.StartAsync();

        public async Task DisposeAsync() => await Http.DisposeAsync();
    }

    private const string Webhook = "/cgi-bin/webhook/send";

    /// <summary>A robot per district pool, each its own key and so its own path on the receiver.</summary>
    private ChannelServices Channels(string robot, string timeout = "00:00:10") => new(new Dictionary<string, string?>
    {
        [$"{WeComChannelSettings.Section}:Robots:{robot}"] = server.Http.Url($"{Webhook}/{robot}?key=key-{robot}").AbsoluteUri,
        [$"{WeComChannelSettings.Section}:Timeout"] = timeout,
    });

    private static string PathOf(string robot) => $"{Webhook}/{robot}";

    [Fact]
    public async Task A_Chinese_message_is_posted_as_markdown_in_utf8_to_the_robot_of_the_address()
    {
        server.Http.Answer(PathOf("420102"), Reply.Robot(0));
        using var channels = Channels("420102");
        var message = ChannelServices.Chinese(ChannelKind.WeCom, "420102", "n-1001.pool-420102.wecom");

        var outcome = await channels.Sender(ChannelKind.WeCom).SendAsync(message, CancellationToken.None);

        outcome.Should().Be(new SendOutcome.Sent(null));
        var request = server.Http.RequestsTo(PathOf("420102")).Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.QueryValue("key").Should().Be("key-420102");
        request.Header("Content-Type").Should().Be("application/json; charset=utf-8");
        request.Json.GetProperty("msgtype").GetString().Should().Be("markdown");
        request.Json.GetProperty("markdown").GetProperty("content").GetString().Should().Be(
            "**派车单已确认：鄂A·D1234**\n\n您 11月3日 09:30 的用车申请已派车。\n司机：张伟，电话 13800138000。请提前五分钟到达东门。\n\n"
            + $"[{message.Link!.AbsoluteUri}]({message.Link.AbsoluteUri})");
        // Chinese travels as UTF-8 text, not as \u escapes.
        request.Body.Should().Contain("派车单已确认");
    }

    [Fact]
    public async Task An_English_message_is_posted_as_it_is()
    {
        server.Http.Answer(PathOf("420103"), Reply.Robot(0));
        using var channels = Channels("420103");
        var message = ChannelServices.English(ChannelKind.WeCom, "420103", "n-1002.pool-420103.wecom") with { Link = null };

        (await channels.Sender(ChannelKind.WeCom).SendAsync(message, CancellationToken.None)).Should().BeOfType<SendOutcome.Sent>();

        server.Http.RequestsTo(PathOf("420103")).Should().ContainSingle().Which.Json.GetProperty("markdown").GetProperty("content").GetString()
            .Should().Be($"**{message.Subject}**\n\n{message.Body}");
    }

    [Fact]
    public async Task A_body_too_long_for_the_robot_is_shortened_within_4096_bytes_keeping_subject_and_link()
    {
        server.Http.Answer(PathOf("420104"), Reply.Robot(0));
        using var channels = Channels("420104");
        var message = ChannelServices.Chinese(ChannelKind.WeCom, "420104", "n-1003.pool-420104.wecom") with
        {
            Body = string.Concat(Enumerable.Repeat("车辆年检到期提醒。", 300)),
        };

        (await channels.Sender(ChannelKind.WeCom).SendAsync(message, CancellationToken.None)).Should().BeOfType<SendOutcome.Sent>();

        var content = server.Http.RequestsTo(PathOf("420104")).Should().ContainSingle().Subject.Json.GetProperty("markdown").GetProperty("content").GetString()!;
        Encoding.UTF8.GetByteCount(content).Should().BeLessThanOrEqualTo(4096).And.BeGreaterThan(4000);
        content.Should().StartWith($"**{message.Subject}**").And.EndWith($"({message.Link!.AbsoluteUri})").And.Contain("…\n\n[");
    }

    [Theory]
    [InlineData(45009, "api freq out of limit")]
    [InlineData(-1, "system busy")]
    public async Task A_robot_that_is_sending_too_often_or_busy_is_transient(long errcode, string errmsg)
    {
        server.Http.Answer(PathOf("420105"), Reply.Robot(errcode, errmsg));
        using var channels = Channels("420105");

        var outcome = await channels.Sender(ChannelKind.WeCom).SendAsync(
            ChannelServices.English(ChannelKind.WeCom, "420105", $"n-1004.{errcode}.wecom"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain(errcode.ToString()).And.Contain(errmsg);
    }

    [Theory]
    [InlineData(93000, "invalid webhook url")]
    [InlineData(40008, "invalid message type")]
    public async Task A_robot_errcode_for_a_bad_key_or_message_is_permanent(long errcode, string errmsg)
    {
        server.Http.Answer(PathOf("420106"), Reply.Robot(errcode, errmsg));
        using var channels = Channels("420106");

        var outcome = await channels.Sender(ChannelKind.WeCom).SendAsync(
            ChannelServices.English(ChannelKind.WeCom, "420106", $"n-1005.{errcode}.wecom"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>().Which.Reason.Should().Contain(errcode.ToString()).And.Contain(errmsg);
    }

    [Fact]
    public async Task Server_errors_are_transient_until_the_robot_answers_again()
    {
        server.Http.Answer(PathOf("420107"), Reply.Robot(0));
        server.Http.FailNext(PathOf("420107"), 2, status: 502);
        using var channels = Channels("420107");
        var message = ChannelServices.English(ChannelKind.WeCom, "420107", "n-1006.pool-420107.wecom");
        var sender = channels.Sender(ChannelKind.WeCom);

        var outcomes = new List<SendOutcome>();
        for (var attempt = 0; attempt < 3; attempt++) outcomes.Add(await sender.SendAsync(message, CancellationToken.None));

        outcomes[0].Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().StartWith("HTTP 502");
        outcomes[1].Should().BeOfType<SendOutcome.Transient>();
        outcomes[2].Should().BeOfType<SendOutcome.Sent>();
    }

    [Fact]
    public async Task Too_many_requests_is_transient_with_the_wait_the_far_end_asks_for()
    {
        server.Http.Answer(PathOf("420108"), Reply.TooManyRequests(TimeSpan.FromSeconds(42)));
        using var channels = Channels("420108");

        var outcome = await channels.Sender(ChannelKind.WeCom).SendAsync(
            ChannelServices.English(ChannelKind.WeCom, "420108", "n-1007.pool-420108.wecom"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(42));
    }

    [Fact]
    public async Task A_refusal_of_the_request_itself_is_permanent()
    {
        server.Http.Answer(PathOf("420109"), Reply.Status(404, "not found"));
        using var channels = Channels("420109");

        var outcome = await channels.Sender(ChannelKind.WeCom).SendAsync(
            ChannelServices.English(ChannelKind.WeCom, "420109", "n-1008.pool-420109.wecom"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>().Which.Reason.Should().Be("HTTP 404 Not Found: not found");
    }

    [Fact]
    public async Task A_robot_that_does_not_answer_within_the_timeout_is_transient()
    {
        server.Http.Answer(PathOf("420110"), Reply.NoAnswer);
        using var channels = Channels("420110", timeout: "00:00:01");

        var outcome = await channels.Sender(ChannelKind.WeCom).SendAsync(
            ChannelServices.English(ChannelKind.WeCom, "420110", "n-1009.pool-420110.wecom"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("within 1 s");
    }

    [Fact]
    public async Task A_robot_nobody_listens_for_is_transient()
    {
        using var channels = new ChannelServices(new Dictionary<string, string?>
        {
            [$"{WeComChannelSettings.Section}:Robots:420111"] = $"http://127.0.0.1:{TestPorts.Free()}{Webhook}?key=gone",
        });

        var outcome = await channels.Sender(ChannelKind.WeCom).SendAsync(
            ChannelServices.English(ChannelKind.WeCom, "420111", "n-1010.pool-420111.wecom"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().StartWith("Could not reach 127.0.0.1");
    }

    [Fact]
    public async Task An_address_without_a_configured_robot_is_permanent_and_nothing_is_posted()
    {
        using var channels = Channels("420112");
        var before = server.Http.Requests.Count;

        var outcome = await channels.Sender(ChannelKind.WeCom).SendAsync(
            ChannelServices.English(ChannelKind.WeCom, "420199", "n-1011.pool-420199.wecom"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>().Which.Reason.Should().Contain("420199");
        server.Http.Requests.Should().HaveCount(before);
    }

    [Fact]
    public async Task Notices_sent_together_reach_each_robot_in_as_few_posts_as_fit_its_limit()
    {
        server.Http.Answer(PathOf("420111"), Reply.Robot(0));
        server.Http.Answer(PathOf("420112"), Reply.Robot(0));
        using var channels = new ChannelServices(new Dictionary<string, string?>
        {
            [$"{WeComChannelSettings.Section}:Robots:420111"] = server.Http.Url($"{Webhook}/420111?key=key-420111").AbsoluteUri,
            [$"{WeComChannelSettings.Section}:Robots:420112"] = server.Http.Url($"{Webhook}/420112?key=key-420112").AbsoluteUri,
        });
        var longBody = string.Concat(Enumerable.Repeat("车辆年检到期提醒。", 100));
        ChannelMessage Notice(string robot, string subject, string? body = null) =>
            ChannelServices.Chinese(ChannelKind.WeCom, robot, $"n-{subject}.wecom") with { Subject = subject, Body = body ?? "请及时处理。" };
        var messages = new[]
        {
            Notice("420111", "通知甲"), Notice("420112", "通知乙"), Notice("420111", "通知丙"), Notice("420111", "通知丁", longBody),
            Notice("420111", "通知戊", longBody), Notice("420113", "通知己"),
        };

        var outcomes = await channels.Sender(ChannelKind.WeCom).SendAllAsync(messages, CancellationToken.None);

        outcomes.Take(5).Should().AllBeOfType<SendOutcome.Sent>();
        outcomes[5].Should().BeOfType<SendOutcome.Permanent>("no robot is configured for that code");
        var posts = server.Http.RequestsTo(PathOf("420111")).Select(r => r.Json.GetProperty("markdown").GetProperty("content").GetString()!).ToList();
        posts.Should().HaveCount(2, "the three notices that fit go as one post, the fourth in another");
        posts.Should().OnlyContain(post => Encoding.UTF8.GetByteCount(post) <= 4096);
        posts[0].Should().StartWith("**通知甲**\n\n请及时处理。").And.Contain("\n\n**通知丙**").And.Contain("**通知丁**").And.NotContain("通知戊");
        posts[1].Should().StartWith("**通知戊**");
        server.Http.RequestsTo(PathOf("420112")).Should().ContainSingle().Which.Body.Should().Contain("通知乙").And.NotContain("通知甲");
    }
}
