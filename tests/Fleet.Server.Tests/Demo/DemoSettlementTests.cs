using Fleet.Domain.Settlement;
using Fleet.Samples.DemoCity;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Demo;

/// <summary>
/// Half a year of a small city, generated in memory: each pool's rate card and its cheaper second version, the statements of
/// every month over but the last, most confirmed, a few disputed, corrected by the new card and then confirmed.
/// </summary>
public sealed class DemoSettlementTests
{
    private static readonly DemoCitySize HalfYear = new("half-year", 2, 3, 4, 5, 6, 0.9);

    [Fact]
    public void Half_a_year_settles_every_month_over_but_the_last_and_a_few_statements_are_disputed_and_corrected()
    {
        var generator = new DemoCityGenerator(HalfYear, 11, FleetApp.Start, DateTimeZoneProviders.Tzdb["Asia/Shanghai"]);
        var events = generator.Generate().ToList();

        generator.Summary.Refusals.Should().BeEmpty("the generator plays users who only do what the pool allows");
        var pools = events.Select(e => e.Pool).Distinct().Count();
        events.Select(e => e.Data).OfType<RateCardChanged>().Should().HaveCount(2 * pools);

        var issued = events.Select(e => e.Data).OfType<StatementIssued>().ToList();
        // The history starts on 2 May: June to September are whole and over; October is left for the admin to issue.
        issued.Select(s => s.Month).Distinct().Order().Should().Equal(["2026-06", "2026-07", "2026-08", "2026-09"]);
        issued.Should().OnlyHaveUniqueItems(s => s.StatementId);
        issued.Sum(s => s.Lines.Count).Should().BeGreaterThan(100);
        issued.Should().OnlyContain(s => s.Total == s.Lines.Sum(l => l.Total));

        var disputed = events.Select(e => e.Data).OfType<StatementDisputed>().ToList();
        var corrected = events.Select(e => e.Data).OfType<StatementCorrected>().ToList();
        var confirmed = events.Select(e => e.Data).OfType<StatementConfirmed>().ToList();
        disputed.Should().NotBeEmpty();
        corrected.Select(c => c.StatementId).Should().BeEquivalentTo(disputed.Select(d => d.StatementId), "every disputed statement is corrected");
        corrected.Should().OnlyContain(c => c.Version == 2 && c.RateCardVersion == 2);
        confirmed.Where(c => c.Version == 2).Select(c => c.StatementId).Should().BeEquivalentTo(corrected.Select(c => c.StatementId));
        confirmed.Count.Should().Be(issued.Count, "in the end every statement is confirmed");
    }
}
