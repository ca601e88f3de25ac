using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests;

/// <summary>
/// Real server processes and a real PostgreSQL on loopback, under the load of people driving trips end to end, bounded
/// in time. Whatever happens meanwhile, every command a client was told succeeded is in the event store exactly once,
/// no car or driver is booked twice, every timer fires, every projection catches up, every notification the trips
/// call for reaches its person's mailbox or phone as one message, and every position acknowledged to a car's terminal is
/// in the positions table once, with nothing from a connection that did not authenticate.
/// </summary>
public sealed class ReliabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_load_every_acknowledged_command_is_stored_once_and_the_projections_agree()
    {
        var result = await ReliabilityRun.ExecuteAsync(new RunPlan("load", Nodes: 1, ReliabilityRun.Scaled(TimeSpan.FromSeconds(30)), People: 8, Crews: 4));

        Report(result);
        ShouldHoldEverything(result);
        result.Log.TransportFailures.Should().Be(0, "no node went down");
        result.Positions.Resent.Should().Be(0, "only a failure or a lost answer makes a terminal send a position again");
        result.Notifications.ResentUnderTheSameId.Should().Be(0, "only a node dying mid-send offers a message again");
    }

    [Fact]
    public async Task Servers_killed_and_the_database_stopped_during_load_lose_and_duplicate_nothing()
    {
        var result = await ReliabilityRun.ExecuteAsync(new RunPlan("crash", Nodes: 1, ReliabilityRun.Scaled(TimeSpan.FromSeconds(60)), People: 8, Crews: 4,
            ReliabilityRun.Crashes(TimeSpan.FromSeconds(6), database: true)));

        Report(result);
        ShouldHoldEverything(result);
        result.Kills.Should().BeGreaterThanOrEqualTo(2);
        result.DatabaseCrashes.Should().BeGreaterThanOrEqualTo(1);
        result.Log.TransportFailures.Should().BeGreaterThan(0, "clients had to retry against a dead server");
        result.Positions.Reconnections.Should().BeGreaterThan(0, "terminals lost their gateway with its node");
    }

    [Fact]
    public async Task Two_nodes_share_the_load_and_the_projections_move_to_the_survivor()
    {
        var result = await ReliabilityRun.ExecuteAsync(new RunPlan("two nodes", Nodes: 2, ReliabilityRun.Scaled(TimeSpan.FromSeconds(60)), People: 8, Crews: 4,
            ReliabilityRun.TakeOvers(TimeSpan.FromSeconds(8))));

        Report(result);
        ShouldHoldEverything(result);
        result.Kills.Should().BeGreaterThanOrEqualTo(2, "from the second kill on, each kill moves the projections");
    }

    private void Report(RunResult result)
    {
        output.WriteLine(ReliabilityReport.Line(result));
        output.WriteLine(result.Findings.Describe());
        output.WriteLine(result.Notifications.Describe());
        output.WriteLine(result.Positions.Describe());
        foreach (var note in result.Notes) output.WriteLine(note);
        ReliabilityReport.Append(result);
    }

    private static void ShouldHoldEverything(RunResult result)
    {
        var findings = result.Findings;
        var because = findings.Describe();
        result.Tally.Finished.Should().BeGreaterThan(0, because);
        result.Log.ServerErrors.Should().Be(0, string.Join(Environment.NewLine, result.Log.ServerErrorBodies.Take(5)));
        ShouldHoldTheStore(findings);
        result.Notes.Should().Contain(n => n.Contains("\"intact\":true"), "the audit chain covers every event, unbroken");

        var told = result.Notifications;
        told.Expected.Should().BeGreaterThan(0);
        told.Missing.Should().BeEmpty(told.Describe());
        told.SentTwice.Should().BeEmpty(told.Describe());
        told.Unexpected.Should().BeEmpty(told.Describe());
        told.NotSent.Should().BeEmpty(told.Describe());

        var positions = result.Positions;
        positions.Acknowledged.Should().BeGreaterThan(0, positions.Describe());
        positions.IntruderAttempts.Should().BeGreaterThan(0, positions.Describe());
        positions.Lost.Should().BeEmpty(positions.Describe());
        positions.Altered.Should().BeEmpty(positions.Describe());
        positions.StoredTwice.Should().BeEmpty(positions.Describe());
        positions.NeverSent.Should().BeEmpty(positions.Describe());
        positions.StoredUnauthenticated.Should().BeEmpty(positions.Describe());
        positions.UnexpectedAnswers.Should().BeEmpty(positions.Describe());
    }

    /// <summary>What a database must hold after any run: every acknowledged command once, nothing refused written, every projection and timer done.</summary>
    internal static void ShouldHoldTheStore(Findings findings)
    {
        var because = findings.Describe();
        findings.Lost.Should().BeEmpty(because);
        findings.Duplicated.Should().BeEmpty(because);
        findings.RefusedButWritten.Should().BeEmpty(because);
        findings.DoubleBookings.Should().BeEmpty(because);
        findings.OrderGaps.Should().BeEmpty(because);
        findings.ProjectionsCaughtUp.Should().BeTrue(because);
        findings.LogbookLines.Should().Be(findings.TripsRequested, because);
        findings.TotalsTrips.Should().Be(findings.TripsFinished, because);
        findings.TotalsRatings.Should().Be(findings.Ratings, because);
        findings.WaitingToClose.Should().Be(0, because);
        findings.TripsClosed.Should().Be(findings.TripsFinished, because);
        findings.ClosedByTimer.Should().BeGreaterThan(0, because);
        findings.StuckMessages.Should().Be(0, because);
        findings.OutgoingMessages.Should().Be(0, because);
        findings.DeadLetters.Should().Be(0, because);
    }
}
