using Fleet.Domain.Notifications;
using Fleet.Server.Notifications;
using Fleet.Server.Notifications.Channels;
using FluentAssertions;
using NodaTime;
using System.Text;
using Xunit;

namespace Fleet.Server.Tests.Notifications;

/// <summary>A notification in the reader's words, and robot posts packed within the robot's limit.</summary>
public class NotificationWordsTests
{
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static readonly Notification Dispatched = new(Guid.NewGuid(), "420102", Guid.NewGuid(), NotificationKind.TripDispatched, false, Guid.NewGuid(),
        "/trips/x", new NotificationFacts("420102-2026-000123", "鄂A·C1234", "王建国", "张三", "江岸区机关事务中心", ["市民之家", "区政府"],
            new LocalDateTime(2026, 11, 3, 9, 0).InZoneStrictly(Wuhan).ToInstant()), Instant.FromUtc(2026, 11, 2, 1, 30));

    [Fact]
    public void A_dispatch_reads_in_Chinese_and_in_English_with_every_fact_in_its_place()
    {
        var chinese = NotificationWords.Write(Dispatched, NotificationWords.Culture("zh-CN"), Wuhan);
        chinese.Title.Should().Be("已派车：鄂A·C1234");
        chinese.Text.Should().Be("派车单420102-2026-000123：11月3日 09:00出发，去往市民之家、区政府，车辆鄂A·C1234，驾驶员王建国。");
        chinese.Short.Should().Be("【公务用车】派车单420102-2026-000123：11月3日 09:00，鄂A·C1234，驾驶员王建国。");

        var english = NotificationWords.Write(Dispatched, NotificationWords.Culture("en"), Wuhan);
        english.Title.Should().Be("Vehicle assigned: 鄂A·C1234");
        english.Text.Should().StartWith("Dispatch order 420102-2026-000123: leaving 3 Nov 09:00 for 市民之家");
    }

    [Fact]
    public void Facts_are_written_in_once_and_what_they_say_is_never_read_as_a_placeholder()
    {
        var values = new Dictionary<string, string> { ["plate"] = "鄂A·C1234", ["reason"] = "the {plate} was {broken", ["empty"] = "" };

        NotificationWords.Fill("{plate}: {reason}.", values).Should().Be("鄂A·C1234: the {plate} was {broken.");
        NotificationWords.Fill("{unknown} {plate}{empty} {", values).Should().Be("{unknown} 鄂A·C1234 {");
        NotificationWords.Fill("{{plate}}", values).Should().Be("{鄂A·C1234}");
        NotificationWords.Fill("no placeholder", values).Should().Be("no placeholder");
    }

    [Fact]
    public void Robot_posts_carry_every_message_in_order_each_within_the_limit_and_as_full_as_it_fits()
    {
        var messages = Enumerable.Range(1, 40).Select(i => new ChannelMessage($"d{i}", ChannelKind.WeCom, "420102", $"第{i}条：已派车",
            new string('车', 20 + i * 7), new Uri($"https://fleet.example.gov.cn/trips/{i}"))).ToList();

        var posts = RobotMarkdown.Pack(messages, RobotMarkdown.WeComLimitBytes).ToList();

        posts.SelectMany(p => p.Carried).Should().Equal(Enumerable.Range(0, 40), "every message once, in order");
        posts.Should().OnlyContain(p => Encoding.UTF8.GetByteCount(p.Text) <= RobotMarkdown.WeComLimitBytes);
        posts.Select(p => p.Text).Should().Equal(posts.Select(p => string.Join("\n\n", p.Carried.Select(i => RobotMarkdown.Write(messages[i])))));
        foreach (var (post, next) in posts.Zip(posts.Skip(1)))
            (Encoding.UTF8.GetByteCount(post.Text) + Encoding.UTF8.GetByteCount("\n\n" + RobotMarkdown.Write(messages[next.Carried[0]])))
                .Should().BeGreaterThan(RobotMarkdown.WeComLimitBytes, "a post ends only when the next message would not fit");
    }
}
