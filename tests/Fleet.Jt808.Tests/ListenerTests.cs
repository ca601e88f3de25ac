using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Session;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Jt808.Tests;

/// <summary>The gateway over a real loopback socket, driven by the terminal client.</summary>
public class ListenerTests
{
    [Theory]
    [InlineData(Jt808Version.V2013, "13912344323")]
    [InlineData(Jt808Version.V2019, "13912344329")]
    public async Task A_terminal_registers_authenticates_reports_uploads_and_logs_out(Jt808Version version, string phone)
    {
        await using var gateway = Gateway.Start();
        gateway.Directory.Provision(phone);
        await using var terminal = await gateway.ConnectAsync(phone, version);

        var registered = await terminal.RegisterAsync(Gateway.Registration(phone));
        registered.Result.Should().Be(RegistrationResult.Registered);
        registered.AuthenticationCode.Should().Be(gateway.Directory.CodeOf(phone));
        (await terminal.AuthenticateAsync(registered.AuthenticationCode!)).Should().Be(ReplyResult.Ok);
        (await terminal.HeartbeatAsync()).Should().Be(ReplyResult.Ok);
        (await terminal.ReportAsync(Gateway.Position(1))).Should().Be(ReplyResult.Ok);
        (await terminal.UploadAsync([Gateway.Position(2), Gateway.Position(3)], kind: 1)).Should().Be(ReplyResult.Ok);
        var logout = await terminal.AskAsync(new TerminalLogout());
        logout.Should().BeOfType<PlatformReply>().Which.Should().Be(new PlatformReply((ushort)(terminal.NextSerial - 1), MessageIds.Logout, ReplyResult.Ok));
        (await terminal.ReportAsync(Gateway.Position(4))).Should().Be(ReplyResult.Failure, "a terminal that logged out is no longer authenticated");

        gateway.Sink.Of(phone).Should().BeEquivalentTo([Gateway.Position(1), Gateway.Position(2), Gateway.Position(3)], o => o.WithStrictOrdering());
        gateway.Listener.Statistics.PositionsStored.Should().Be(3);
    }

    [Fact]
    public async Task Answers_come_in_the_terminals_edition_to_its_number_naming_its_serial_and_message()
    {
        await using var gateway = Gateway.Start();
        await using var terminal = await gateway.ConnectAsync("13912344329", Jt808Version.V2019);
        terminal.NextSerial = 0x7e7d; // serials that need escaping on the way there

        var serial = await terminal.SendAsync(new Heartbeat());
        var answer = await terminal.ReceiveAsync();

        answer!.Header.Should().BeEquivalentTo(new { MessageId = MessageIds.PlatformReply, Version = Jt808Version.V2019, Phone = "13912344329", ProtocolVersion = (byte)1 });
        Jt808Messages.Read(answer).Should().Be(new PlatformReply(serial, MessageIds.Heartbeat, ReplyResult.Ok));
    }

    [Fact]
    public async Task A_report_before_authentication_fails_and_is_not_passed_on()
    {
        await using var gateway = Gateway.Start();
        gateway.Directory.Provision("13912344323");
        await using var terminal = await gateway.ConnectAsync("13912344323", Jt808Version.V2013);

        (await terminal.ReportAsync(Gateway.Position(1))).Should().Be(ReplyResult.Failure);
        (await terminal.UploadAsync([Gateway.Position(2)])).Should().Be(ReplyResult.Failure);
        (await terminal.AuthenticateAsync("guessed")).Should().Be(ReplyResult.Failure);
        (await terminal.ReportAsync(Gateway.Position(3))).Should().Be(ReplyResult.Failure);

        gateway.Sink.Stored.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_terminal_is_refused_registration()
    {
        await using var gateway = Gateway.Start();
        await using var terminal = await gateway.ConnectAsync("13800000000", Jt808Version.V2013);

        var reply = await terminal.RegisterAsync(Gateway.Registration("13800000000"));

        reply.Should().Be(new RegistrationReply(0, RegistrationResult.NoSuchTerminal, null));
    }

    [Fact]
    public async Task A_replayed_code_that_was_superseded_or_belongs_to_another_terminal_does_not_authenticate()
    {
        await using var gateway = Gateway.Start();
        gateway.Directory.Provision("13912344323");
        gateway.Directory.Provision("13912344324");
        await using var terminal = await gateway.ConnectAsync("13912344323", Jt808Version.V2013);
        var first = (await terminal.RegisterAsync(Gateway.Registration("13912344323"))).AuthenticationCode!;
        (await terminal.RegisterAsync(Gateway.Registration("13912344323"))).Result.Should().Be(RegistrationResult.TerminalAlreadyRegistered);
        var second = gateway.Directory.Reissue("13912344323");
        await using var other = await gateway.ConnectAsync("13912344324", Jt808Version.V2013);

        (await terminal.AuthenticateAsync(first)).Should().Be(ReplyResult.Failure);
        (await other.AuthenticateAsync(second)).Should().Be(ReplyResult.Failure);
        (await terminal.AuthenticateAsync(second)).Should().Be(ReplyResult.Ok);
    }

    [Fact]
    public async Task A_frame_with_a_bad_check_code_is_dropped_unanswered_and_the_next_one_is_answered()
    {
        await using var gateway = Gateway.Start();
        await using var terminal = await gateway.SignedInAsync("13912344323", Jt808Version.V2013);
        var (id, body) = Jt808Messages.Write(new LocationReport(Gateway.Position(1)), Jt808Version.V2013);
        var bad = Jt808Packets.Write(new Jt808Header(id, Jt808Version.V2013, terminal.Phone, 100), body);
        bad[^2] ^= 0x01;
        if (bad[^2] is Jt808Escaping.Flag or Jt808Escaping.Escape) bad[^2] ^= 0x03;

        await terminal.SendRawAsync(bad);
        var serial = await terminal.SendAsync(new Heartbeat());

        Jt808Messages.Read((await terminal.ReceiveAsync())!).Should().Be(new PlatformReply(serial, MessageIds.Heartbeat, ReplyResult.Ok),
            "the first answer is the heartbeat's: the damaged frame got none");
        gateway.Sink.Stored.Should().BeEmpty();
        gateway.Listener.Statistics.Dropped(FrameFault.BadCheckCode).Should().Be(1);
    }

    [Fact]
    public async Task A_position_is_acknowledged_only_once_the_sink_has_it()
    {
        await using var gateway = Gateway.Start();
        await using var terminal = await gateway.SignedInAsync("13912344323", Jt808Version.V2013);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Sink.Before = async () =>
        {
            entered.TrySetResult();
            await release.Task;
        };

        var reply = terminal.ReportAsync(Gateway.Position(7));
        await entered.Task;
        reply.IsCompleted.Should().BeFalse("the sink has not finished storing");
        gateway.Sink.Stored.Should().BeEmpty();
        release.SetResult();

        (await reply).Should().Be(ReplyResult.Ok);
        gateway.Sink.Of("13912344323").Should().Equal(Gateway.Position(7));
    }

    [Fact]
    public async Task A_sink_that_fails_is_answered_failure_so_the_terminal_sends_again()
    {
        await using var gateway = Gateway.Start();
        await using var terminal = await gateway.SignedInAsync("13912344323", Jt808Version.V2019);
        gateway.Sink.Before = () => throw new IOException("the database is down");
        (await terminal.ReportAsync(Gateway.Position(1))).Should().Be(ReplyResult.Failure);
        gateway.Sink.Before = () => throw new TaskCanceledException("a command timeout of the store's own");
        (await terminal.ReportAsync(Gateway.Position(1))).Should().Be(ReplyResult.Failure);

        gateway.Sink.Before = null;
        (await terminal.ReportAsync(Gateway.Position(1))).Should().Be(ReplyResult.Ok);

        gateway.Sink.Of("13912344323").Should().Equal(Gateway.Position(1));
        gateway.Listener.Statistics.Failures.Should().Be(0);
    }

    [Fact]
    public async Task A_batch_split_into_packets_is_stored_and_answered_once_whole()
    {
        await using var gateway = Gateway.Start();
        await using var terminal = await gateway.SignedInAsync("13912344323", Jt808Version.V2013);
        var positions = Enumerable.Range(1, 40).Select(Gateway.Position).ToList(); // 40 × 36 bytes: more than one packet holds

        var last = await terminal.SendSplitAsync(new LocationBatch(1, positions), packetBody: 500);
        var answer = await terminal.AnswerToAsync(last);

        answer.Should().Be(new PlatformReply(last, MessageIds.BatchUpload, ReplyResult.Ok));
        gateway.Sink.Of("13912344323").Should().BeEquivalentTo(positions, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task A_report_dated_in_the_future_is_wrong_and_not_stored()
    {
        await using var gateway = Gateway.Start();
        await using var terminal = await gateway.SignedInAsync("13912344323", Jt808Version.V2013);

        var future = Gateway.Position(1) with { Time = Gateway.Now + Duration.FromHours(2) };
        (await terminal.ReportAsync(future)).Should().Be(ReplyResult.WrongMessage);
        (await terminal.UploadAsync([future, Gateway.Position(2)])).Should().Be(ReplyResult.Ok);

        gateway.Sink.Of("13912344323").Should().Equal(Gateway.Position(2));
        gateway.Listener.Statistics.PositionsDropped.Should().Be(1);
    }

    [Fact]
    public async Task Repeated_oversize_frames_close_the_connection()
    {
        await using var gateway = Gateway.Start(new Jt808ListenerOptions { MaxOversizeFrames = 2 });
        await using var terminal = await gateway.ConnectAsync("13912344323", Jt808Version.V2013);
        var oversize = new byte[Jt808Packets.MaxEscapedFrameLength + 10];
        Array.Fill(oversize, (byte)0x55);

        await terminal.SendRawAsync(new byte[] { Jt808Escaping.Flag }.Concat(oversize).Append(Jt808Escaping.Flag).ToArray());
        await terminal.SendRawAsync(oversize);

        (await terminal.ReceiveAsync()).Should().BeNull("the gateway closed the connection");
        gateway.Listener.Statistics.Dropped(FrameFault.Oversize).Should().Be(2);
        gateway.Listener.Statistics.ConnectionsClosed.Should().Be(1);
    }

    [Fact]
    public async Task Guessing_codes_closes_the_connection()
    {
        await using var gateway = Gateway.Start(new Jt808ListenerOptions { MaxRefusedAuthentications = 3 });
        gateway.Directory.Provision("13912344323");
        await using var terminal = await gateway.ConnectAsync("13912344323", Jt808Version.V2013);

        for (var i = 0; i < 3; i++) (await terminal.AuthenticateAsync($"guess{i}")).Should().Be(ReplyResult.Failure);

        (await terminal.ReceiveAsync()).Should().BeNull();
    }

    [Fact]
    public async Task A_second_terminal_is_served_while_the_first_sends_garbage()
    {
        await using var gateway = Gateway.Start();
        await using var good = await gateway.SignedInAsync("13912344329", Jt808Version.V2019);
        await using var bad = await gateway.ConnectAsync("13800000000", Jt808Version.V2013);
        var random = new Random(808);
        var garbage = new byte[64 * 1024];
        random.NextBytes(garbage);

        var flooding = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 20; i++) await bad.SendRawAsync(garbage);
            }
            catch (IOException)
            {
                // the gateway may close the flooding connection: that is its right
            }
        });
        for (var n = 1; n <= 20; n++) (await good.ReportAsync(Gateway.Position(n))).Should().Be(ReplyResult.Ok);
        await flooding;

        (await bad.ReceiveAsync()).Should().BeNull("nothing in the garbage is answered, and unreadable frames in a row close its connection");
        gateway.Sink.Stored.Select(s => s.Phone).Should().AllBe("13912344329").And.HaveCount(20);
        gateway.Listener.Statistics.FramesDropped.Should().BeGreaterThanOrEqualTo(new Jt808ListenerOptions().MaxConsecutiveFaults);
        gateway.Listener.Statistics.ConnectionsClosed.Should().Be(1);
        gateway.Listener.Statistics.Failures.Should().Be(0);
        (await good.HeartbeatAsync()).Should().Be(ReplyResult.Ok);
    }

    [Fact]
    public async Task Connections_over_the_limit_are_turned_away_and_the_ones_in_place_kept()
    {
        await using var gateway = Gateway.Start(new Jt808ListenerOptions { MaxConnections = 1 });
        await using var first = await gateway.SignedInAsync("13912344323", Jt808Version.V2013);
        await using var second = await gateway.ConnectAsync("13912344324", Jt808Version.V2013);

        (await second.ReceiveAsync()).Should().BeNull("the gateway closed it at once");
        gateway.Listener.Statistics.ConnectionsRefused.Should().Be(1);
        (await first.ReportAsync(Gateway.Position(1))).Should().Be(ReplyResult.Ok);
    }

    [Fact]
    public async Task Stopping_closes_every_connection_and_waits_for_them()
    {
        var gateway = Gateway.Start();
        await using var terminal = await gateway.SignedInAsync("13912344323", Jt808Version.V2019);
        (await terminal.ReportAsync(Gateway.Position(1))).Should().Be(ReplyResult.Ok);

        await gateway.Listener.StopAsync();

        gateway.Listener.OpenConnections.Should().Be(0);
        (await terminal.ReceiveAsync()).Should().BeNull();
        gateway.Listener.Statistics.Failures.Should().Be(0);
        await gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_silent_connection_is_closed()
    {
        await using var gateway = Gateway.Start(new Jt808ListenerOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        await using var terminal = await gateway.ConnectAsync("13912344323", Jt808Version.V2013);

        (await terminal.ReceiveAsync()).Should().BeNull("the gateway closed the connection that said nothing");
        gateway.Listener.Statistics.Failures.Should().Be(0);
    }
}
