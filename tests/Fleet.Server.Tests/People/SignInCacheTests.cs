using Fleet.Server.Infrastructure.Security;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Fleet.Server.Tests.People;

public class SignInCacheTests
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 2, 1, 30));
    private readonly SignInCache _cache;
    private readonly SignInTicket _ticket = new(Guid.CreateVersion7(), "420102", 3, Guid.CreateVersion7());

    public SignInCacheTests() => _cache = new SignInCache(_clock, new ConfigurationBuilder().Build());

    [Theory]
    [InlineData(3, false, true)]
    [InlineData(4, false, false)]
    [InlineData(0, false, false)]
    [InlineData(3, true, false)]
    public void A_sign_in_is_honoured_while_its_account_is_at_its_stamp_and_it_was_not_signed_out(long version, bool signedOut, bool honoured) =>
        _ticket.IsHonoured(new SignInState(version, signedOut)).Should().Be(honoured);

    [Fact]
    public void An_answer_is_kept_for_five_seconds_and_then_read_again()
    {
        _cache.Keep(_ticket, new SignInState(3, false), _cache.Generation);

        _clock.Advance(Duration.FromMilliseconds(4999));
        _cache.TryGet(_ticket, out var kept).Should().BeTrue();
        kept.Should().Be(new SignInState(3, false));

        _clock.Advance(Duration.FromMilliseconds(1));
        _cache.TryGet(_ticket, out _).Should().BeFalse();
    }

    [Fact]
    public void A_change_forgets_the_account_and_a_sign_out_the_sign_in()
    {
        _cache.Keep(_ticket, new SignInState(3, false), _cache.Generation);
        _cache.ForgetAccount(_ticket.UserId);
        _cache.TryGet(_ticket, out _).Should().BeFalse();

        _cache.Keep(_ticket, new SignInState(3, false), _cache.Generation);
        _cache.ForgetSignIn(_ticket.SignInId);
        _cache.TryGet(_ticket, out _).Should().BeFalse();
    }

    [Fact]
    public void An_answer_read_while_an_account_was_changing_is_not_kept()
    {
        var readFrom = _cache.Generation;
        _cache.ForgetAccount(Guid.CreateVersion7());
        _cache.Keep(_ticket, new SignInState(3, false), readFrom);

        _cache.TryGet(_ticket, out _).Should().BeFalse();
    }

    [Fact]
    public void A_clock_set_back_does_not_make_an_answer_last_longer()
    {
        _cache.Keep(_ticket, new SignInState(3, false), _cache.Generation);
        _clock.Reset(_clock.GetCurrentInstant() - Duration.FromHours(1));

        _cache.TryGet(_ticket, out _).Should().BeFalse();
    }
}
