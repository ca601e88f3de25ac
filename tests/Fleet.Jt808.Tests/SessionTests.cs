using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Session;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Jt808.Tests;

public class SessionTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 4, 6, 0);
    private static readonly Duration Tolerance = Duration.FromMinutes(10);
    private const string Phone = "13912344323";
    private static readonly SessionState Authenticated = SessionState.Initial with { AuthenticatedPhone = Phone };
    private static readonly Jt808Position Position = new(Now - Duration.FromSeconds(5), 30_592_800, 114_305_500, 23, 452, 90);

    [Fact]
    public void Before_authentication_only_registering_authenticating_and_heartbeats_are_accepted()
    {
        Decide(SessionState.Initial, new TerminalRegistration(42, 100, "70111", "M", "T1", 1, "鄂AC1234")).Should().BeOfType<SessionStep.Register>();
        Decide(SessionState.Initial, new TerminalAuthentication("code")).Should().Be(new SessionStep.Authenticate("code"));
        Decide(SessionState.Initial, new Heartbeat()).Should().Be(new SessionStep.Answer(ReplyResult.Ok));

        Decide(SessionState.Initial, new LocationReport(Position)).Should().Be(new SessionStep.Answer(ReplyResult.Failure, "not authenticated"));
        Decide(SessionState.Initial, new LocationBatch(0, [Position])).Should().Be(new SessionStep.Answer(ReplyResult.Failure, "not authenticated"));
        Decide(SessionState.Initial, new TerminalLogout()).Should().Be(new SessionStep.Answer(ReplyResult.Failure, "not authenticated"));
        Decide(SessionState.Initial, new UnsupportedMessage(0x0900)).Should().Be(new SessionStep.Answer(ReplyResult.Failure, "not authenticated"));
    }

    [Fact]
    public void After_authentication_reports_are_stored()
    {
        Decide(Authenticated, new LocationReport(Position)).Should().BeEquivalentTo(new SessionStep.Store([Position], 0));
        Decide(Authenticated, new LocationBatch(0, [Position, Position])).Should().BeEquivalentTo(new SessionStep.Store([Position, Position], 0));
    }

    [Fact]
    public void Another_phone_number_on_an_authenticated_connection_is_refused()
    {
        var step = Jt808Session.Decide(Authenticated, Header("13800000000"), new LocationReport(Position), Now, Tolerance);

        step.Should().Be(new SessionStep.Answer(ReplyResult.Failure, "another terminal's number on this connection"));
    }

    [Fact]
    public void A_report_from_beyond_the_clock_tolerance_is_wrong()
    {
        var early = Position with { Time = Now + Tolerance };
        var future = Position with { Time = Now + Tolerance + Duration.FromSeconds(1) };

        Decide(Authenticated, new LocationReport(early)).Should().BeOfType<SessionStep.Store>();
        Decide(Authenticated, new LocationReport(future)).Should().Be(new SessionStep.Answer(ReplyResult.WrongMessage, "reported from the future"));
    }

    [Fact]
    public void A_batch_keeps_its_plausible_positions_and_is_wrong_only_when_none_is_left()
    {
        var future = Position with { Time = Now + Duration.FromHours(1) };

        Decide(Authenticated, new LocationBatch(1, [future, Position, future])).Should().BeEquivalentTo(new SessionStep.Store([Position], 2));
        Decide(Authenticated, new LocationBatch(1, [future])).Should().Be(new SessionStep.Answer(ReplyResult.WrongMessage, "every position reported from the future"));
    }

    [Fact]
    public void Malformed_and_unsupported_messages_are_answered_so()
    {
        Decide(SessionState.Initial, new MalformedMessage(0x0200, "why")).Should().Be(new SessionStep.Answer(ReplyResult.WrongMessage, "why"));
        Decide(Authenticated, new UnsupportedMessage(0x0900)).Should().Be(new SessionStep.Answer(ReplyResult.Unsupported));
        Decide(Authenticated, new TerminalReply(1, 0x8103, 0)).Should().BeOfType<SessionStep.Ignore>();
    }

    [Fact]
    public void A_known_code_authenticates_and_refused_codes_close_the_connection_at_the_limit()
    {
        Jt808Session.Authenticated(SessionState.Initial, Phone, known: true, maxRefusals: 3)
            .Should().Be((Authenticated, ReplyResult.Ok, false));

        var state = SessionState.Initial;
        var outcomes = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            (state, var result, var close) = Jt808Session.Authenticated(state, Phone, known: false, maxRefusals: 3);
            result.Should().Be(ReplyResult.Failure);
            outcomes.Add(close);
        }

        outcomes.Should().Equal(false, false, true);
        state.Authenticated.Should().BeFalse();
    }

    [Fact]
    public void A_refused_code_ends_an_earlier_authentication_and_logout_forgets_it()
    {
        Jt808Session.Authenticated(Authenticated, Phone, known: false, maxRefusals: 5).State.Authenticated.Should().BeFalse();
        Decide(Authenticated, new TerminalLogout()).Should().BeOfType<SessionStep.Logout>();
        Jt808Session.LoggedOut(Authenticated).Authenticated.Should().BeFalse();
    }

    private static SessionStep Decide(SessionState state, Jt808Message message) =>
        Jt808Session.Decide(state, Header(Phone), message, Now, Tolerance);

    private static Jt808Header Header(string phone) => new(MessageIds.LocationReport, Jt808Version.V2013, phone, 1);
}
