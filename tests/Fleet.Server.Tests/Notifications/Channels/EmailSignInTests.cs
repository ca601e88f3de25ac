using Fleet.Server.Notifications.Channels;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Notifications.Channels;

/// <summary>The e-mail channel signing in to an SMTP server that takes mail only from its own accounts.</summary>
public sealed class EmailSignInTests(EmailSignInTests.Server server) : IClassFixture<EmailSignInTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public TestSmtpServer Smtp { get; private set; } = null!;

        public async Task InitializeAsync() => Smtp = await TestSmtpServer.StartAsync(signIn: ("fleet-notify", "通知-2026-secret"));

        public async Task DisposeAsync() => await Smtp.DisposeAsync();
    }

    private ChannelServices Channels(string? userName, string? password)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{EmailChannelSettings.Section}:Host"] = server.Smtp.Host,
            [$"{EmailChannelSettings.Section}:Port"] = server.Smtp.Port.ToString(),
            [$"{EmailChannelSettings.Section}:Security"] = "None",
            [$"{EmailChannelSettings.Section}:FromAddress"] = "fleet@wuhan-motorpool.example.gov.cn",
        };
        if (userName is not null) settings[$"{EmailChannelSettings.Section}:UserName"] = userName;
        if (password is not null) settings[$"{EmailChannelSettings.Section}:Password"] = password;
        return new ChannelServices(settings);
    }

    [Fact]
    public async Task With_the_account_configured_the_message_is_delivered()
    {
        using var channels = Channels("fleet-notify", "通知-2026-secret");

        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.Chinese(ChannelKind.Email, "signed-in@jiangan.example.gov.cn", "n-4001.r-1.email"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Sent>();
        server.Smtp.ReceivedBy("signed-in@jiangan.example.gov.cn").Should().ContainSingle();
    }

    [Fact]
    public async Task A_refused_sign_in_is_transient_since_the_message_is_not_at_fault()
    {
        using var channels = Channels("fleet-notify", "wrong");

        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.Chinese(ChannelKind.Email, "wrong-password@jiangan.example.gov.cn", "n-4002.r-1.email"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("refused the sign-in");
        server.Smtp.ReceivedBy("wrong-password@jiangan.example.gov.cn").Should().BeEmpty();
    }

    [Fact]
    public async Task A_server_that_wants_a_sign_in_none_is_configured_for_is_transient()
    {
        using var channels = Channels(userName: null, password: null);

        var outcome = await channels.Sender(ChannelKind.Email).SendAsync(
            ChannelServices.Chinese(ChannelKind.Email, "anonymous@jiangan.example.gov.cn", "n-4003.r-1.email"), CancellationToken.None);

        outcome.Should().BeOfType<SendOutcome.Transient>().Which.Reason.Should().Contain("wants a sign-in").And.Contain("Authentication required");
        server.Smtp.ReceivedBy("anonymous@jiangan.example.gov.cn").Should().BeEmpty();
    }
}
