using Fleet.Server.Notifications.Channels;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Notifications.Channels;

/// <summary>The SMS channel against a real HTTP server keeping the gateway contract of docs/notifications.md.</summary>
public sealed class SmsGatewaySenderTests(SmsGatewaySenderTests.Server server) : IClassFixture<SmsGatewaySenderTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public TestHttpReceiver Http { get; private set; } = null!;

        public async Task InitializeAsync() => Http = await TestHttpReceiver.StartAsync();

        public async Task DisposeAsync() => await Http.DisposeAsync();
    }

    /// <summary>A gateway per test, on its own path, with the key in the header the settings name.</summary>
    private ChannelServices Channels(string gateway, string timeout = "00:00:10") => new(new Dictionary<string, string?>
    {
        [$"{SmsChannelSettings.Section}:Url"] = server.Http.Url($"/{gateway}/messages").AbsoluteUri,
        [$"{SmsChannelSettings.Section}:ApiKeyHeader"] = "X-Gateway-Key",
        [$"{SmsChannelSettings.Section}:ApiKey"] = "k-wuhan-7f3e",
        [$"{SmsChannelSettings.Section}:Timeout"] = timeout,
    });

    [Fact]
    public async Task A_Chinese_text_is_posted_with_the_delivery_as_its_id_and_idempotency_key_and_the_gateways_id_is_kept()
    {
        server.Http.Answer("/sent/messages", Reply.Status(202, "{\"id\":\"gw-20261103-000123\",\"status\":\"accepted\"}"));
        using var channels = Channels("sent");
        var message = ChannelServices.Chinese(ChannelKind.Sms, "13800138000", "n-3001.r-42.sms");

        var outcome = await channels.Sender(ChannelKind.Sms).SendAsync(message, CancellationToken.None);

        outcome.Should().Be(new SendOutcome.Sent("gw-20261103-000123"));
        var request = server.Http.RequestsTo("/sent/messages").Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Header("Idempotency-Key").Should().Be("n-3001.r-42.sms");
        request.Header("X-Gateway-Key").Should().Be("k-wuhan-7f3e");
        request.Header("Content-Type").Should().Be("application/json; charset=utf-8");
        request.Json.GetProperty("id").GetString().Should().Be("n-3001.r-42.sms");
        request.Json.GetProperty("to").GetString().Should().Be("13800138000");
        request.Json.GetProperty("text").GetString().Should().Be(
            "派车单已确认：鄂A·D1234\n您 11月3日 09:30 的用车申请已派车。\n司机：张伟，电话 13800138000。请提前五分钟到达东门。\n" + message.Link!.AbsoluteUri);
        request.Body.Should().Contain("派车单已确认");
    }

    [Fact]
    public async Task An_english_text_sent_again_carries_the_same_idempotency_key_and_an_answer_without_id_is_still_sent()
    {
        server.Http.Answer("/again/messages", Reply.Ok(""));
        using var channels = Channels("again");
        var message = ChannelServices.English(ChannelKind.Sms, "15927001234", "n-3002.r-9.sms") with { Link = null };

        (await channels.Sender(ChannelKind.Sms).SendAsync(message, CancellationToken.None)).Should().Be(new SendOutcome.Sent(null));
        (await channels.Sender(ChannelKind.Sms).SendAsync(message, CancellationToken.None)).Should().Be(new SendOutcome.Sent(null));

        var requests = server.Http.RequestsTo("/again/messages");
        requests.Should().HaveCount(2).And.OnlyContain(request => request.Header("Idempotency-Key") == "n-3002.r-9.sms");
        requests[0].Json.GetProperty("text").GetString().Should().Be($"{message.Subject}\n{message.Body}");
    }

    [Fact]
    public async Task Too_many_requests_is_transient_with_the_wait_the_gateway_asks_for()
    {
        server.Http.AnswerNext("/busy/messages", 1, Reply.TooManyRequests(TimeSpan.FromSeconds(90)));
        using var channels = Channels("busy");

        var outcome = await channels.Sender(ChannelKind.Sms).SendAsync(
            ChannelServices.English(ChannelKind.Sms, "13800138000", "n-3003.r-1.sms"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(90));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task Server_errors_are_transient(int status)
    {
        server.Http.AnswerNext("/failing/messages", 1, Reply.Status(status));
        using var channels = Channels("failing");

        var outcome = await channels.Sender(ChannelKind.Sms).SendAsync(
            ChannelServices.English(ChannelKind.Sms, "13800138000", $"n-3004.{status}.sms"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().StartWith($"HTTP {status}");
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(422)]
    public async Task Other_refusals_are_permanent(int status)
    {
        server.Http.AnswerNext("/refusing/messages", 1, Reply.Status(status, "{\"error\":\"number barred\"}"));
        using var channels = Channels("refusing");

        var outcome = await channels.Sender(ChannelKind.Sms).SendAsync(
            ChannelServices.English(ChannelKind.Sms, "13800138000", $"n-3005.{status}.sms"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>().Which.Reason.Should().StartWith($"HTTP {status}").And.Contain("number barred");
    }

    [Fact]
    public async Task A_gateway_that_does_not_answer_within_the_timeout_is_transient()
    {
        server.Http.AnswerNext("/hanging/messages", 1, Reply.NoAnswer);
        using var channels = Channels("hanging", timeout: "00:00:01");

        var outcome = await channels.Sender(ChannelKind.Sms).SendAsync(
            ChannelServices.English(ChannelKind.Sms, "13800138000", "n-3006.r-1.sms"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("within 1 s");
    }

    [Theory]
    [InlineData("1380013800")]
    [InlineData("+8613800138000")]
    [InlineData("23800138000")]
    [InlineData("027-8888 6666")]
    public async Task A_number_that_is_no_normalised_mainland_mobile_is_permanent_and_nothing_is_posted(string address)
    {
        using var channels = Channels("numbers");

        var outcome = await channels.Sender(ChannelKind.Sms).SendAsync(
            ChannelServices.English(ChannelKind.Sms, address, "n-3007.r-1.sms"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Permanent>();
        server.Http.RequestsTo("/numbers/messages").Should().BeEmpty();
    }
}
