using Fleet.Server.Notifications.Channels;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Notifications.Channels;

/// <summary>Which channels configuration turns on, and settings that cannot work stopping the start with what to write instead.</summary>
public sealed class ChannelSettingsTests
{
    [Fact]
    public void Without_settings_every_channel_is_there_and_reports_itself_unconfigured()
    {
        using var channels = new ChannelServices(new Dictionary<string, string?>());

        channels.Senders.Select(sender => sender.Channel).Should().BeEquivalentTo(
            [ChannelKind.Email, ChannelKind.WeCom, ChannelKind.DingTalk, ChannelKind.Sms]);
        channels.Senders.Should().OnlyContain(sender => !sender.IsConfigured);
    }

    [Fact]
    public void Each_channel_is_on_once_its_settings_name_where_to_send()
    {
        using var channels = new ChannelServices(new Dictionary<string, string?>
        {
            ["Fleet:Notifications:Email:Host"] = "smtp.example.gov.cn",
            ["Fleet:Notifications:Email:FromAddress"] = "fleet@example.gov.cn",
            ["Fleet:Notifications:WeCom:Robots:420103"] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            ["Fleet:Notifications:DingTalk:Robots:420103:Url"] = "https://oapi.dingtalk.com/robot/send?access_token=t",
            ["Fleet:Notifications:Sms:Url"] = "https://sms.example.gov.cn/messages",
        });

        channels.Senders.Should().HaveCount(4).And.OnlyContain(sender => sender.IsConfigured);
    }

    [Theory]
    [InlineData("Fleet:Notifications:WeCom:Robots:420103", "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "Fleet:Notifications:WeCom:Robots:420103 must be an absolute http or https address")]
    [InlineData("Fleet:Notifications:DingTalk:Robots:420103:Url", "ftp://oapi.dingtalk.com/robot/send", "Fleet:Notifications:DingTalk:Robots:420103:Url must be an absolute http or https address")]
    [InlineData("Fleet:Notifications:Sms:Url", "/messages", "Fleet:Notifications:Sms:Url must be an absolute http or https address")]
    [InlineData("Fleet:Notifications:Email:FromAddress", "fleet at example", "Fleet:Notifications:Email:FromAddress must be the e-mail address")]
    [InlineData("Fleet:Notifications:Email:Port", "70000", "Fleet:Notifications:Email:Port must be a port number")]
    [InlineData("Fleet:Notifications:Sms:ApiKeyHeader", "X Key", "Fleet:Notifications:Sms:ApiKeyHeader must be an HTTP header name")]
    [InlineData("Fleet:Notifications:WeCom:Timeout", "-00:00:05", "Fleet:Notifications:WeCom:Timeout must be a time between")]
    public void Settings_that_cannot_work_stop_the_start_naming_the_setting(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Fleet:Notifications:Email:Host"] = "smtp.example.gov.cn",
            ["Fleet:Notifications:Email:FromAddress"] = "fleet@example.gov.cn",
            ["Fleet:Notifications:Sms:Url"] = "https://sms.example.gov.cn/messages",
            ["Fleet:Notifications:Sms:ApiKey"] = "k",
            [key] = value,
        };

        var start = () => new ChannelServices(settings);

        start.Should().Throw<InvalidOperationException>().WithMessage(message + "*");
    }
}
