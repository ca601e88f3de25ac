using Fleet.Domain.Records;
using Fleet.Samples.DemoCity;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Demo;

/// <summary>
/// Three months of a small city, generated in memory: the cars' fuel and ETC cards, a worn card replaced, and every week's
/// fuel-card, ETC and parking exports imported through the import's own reader and checks. The checks find each planted
/// mismatch, and nothing else but what a planted purchase brings with it.
/// </summary>
public sealed class DemoRecordsTests
{
    private static readonly DemoCitySize Quarter = new("quarter", 2, 3, 6, 7, 3, 0.9);
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [Fact]
    public void Every_weeks_exports_are_imported_whole_and_the_checks_find_each_planted_mismatch_and_no_other()
    {
        var generator = new DemoCityGenerator(Quarter, 11, FleetApp.Start, Zone);
        var events = generator.Generate().ToList();
        generator.Summary.Refusals.Should().BeEmpty("the generator plays users who only do what the pool allows");

        var data = events.Select(e => e.Data).ToList();
        var pools = events.Select(e => e.Pool).Distinct().Count();
        data.OfType<CardBound>().Should().Contain(c => c.Kind == CardKind.Fuel).And.Contain(c => c.Kind == CardKind.Etc);
        data.OfType<CardReplaced>().Should().HaveCount(pools, "one worn fuel card in each pool");
        data.OfType<VehicleFuelFiguresRecorded>().Should().NotBeEmpty();

        var files = data.OfType<RecordFileImported>().ToList();
        files.Select(f => f.Layout).Distinct().Should().BeEquivalentTo(["sinopec-fuel", "hubei-etc", "wuhan-parking"]);
        files.Should().OnlyContain(f => f.Rejected.Count == 0 && f.RepeatedRows.Count == 0 && f.AcceptedRows.Count == f.Rows,
            "the demo's exports are whole and name only the pool's cars and cards");
        var records = data.OfType<OutsideRecordImported>().ToList();
        records.Should().HaveCount(files.Sum(f => f.Rows)).And.OnlyHaveUniqueItems(r => r.RecordId);
        records.Where(r => r.Kind == RecordKind.Fuel).Should().HaveCountGreaterThan(30);
        records.Where(r => r.Kind != RecordKind.Fuel).Should().HaveCountGreaterThan(50);
        records.Where(r => r.Card is { Length: 19 } card && card[10] == '9').Should().NotBeEmpty("a replaced card's successor pays after the replacement");

        // The latest check of each record and each trip is what the compliance list shows.
        var recordFindings = data.OfType<OutsideRecordChecked>().GroupBy(c => c.RecordId).ToDictionary(g => g.Key, g => g.Last().Findings.Select(f => f.Kind).ToList());
        var tripFindings = data.OfType<TripRecordsChecked>().GroupBy(c => c.TripId).ToDictionary(g => g.Key, g => g.Last().Findings.Select(f => f.Kind).ToList());
        var planted = generator.PlantedMismatches;
        planted.Select(p => p.Kind).Distinct().Should().BeEquivalentTo(Enum.GetValues<RecordFindingKind>().Where(k => k != RecordFindingKind.FuelOverDistance),
            "every kind of mismatch the checks look for is planted somewhere");
        foreach (var mismatch in planted)
            (recordFindings.GetValueOrDefault(mismatch.Subject) ?? tripFindings.GetValueOrDefault(mismatch.Subject) ?? [])
                .Should().Contain(mismatch.Kind, $"the planted {mismatch.Kind} of {mismatch.Plate} at {mismatch.At}");

        // A planted purchase also spends the distance the car's next honest one is held against.
        var plantedSubjects = planted.Select(p => p.Subject).ToHashSet();
        var fuelAfterPlanted = records.Where(r => r.Kind == RecordKind.Fuel && plantedSubjects.Contains(r.RecordId))
            .Select(p => records.Where(r => r.Kind == RecordKind.Fuel && r.VehicleId == p.VehicleId && r.At > p.At).MinBy(r => r.At)?.RecordId)
            .OfType<Guid>().ToHashSet();
        recordFindings.Where(f => f.Value.Count > 0 && !plantedSubjects.Contains(f.Key)
                                  && !(fuelAfterPlanted.Contains(f.Key) && f.Value.SequenceEqual([RecordFindingKind.FuelOverDistance])))
            .Should().BeEmpty("an honest record is flagged only as the purchase after a planted one");
        tripFindings.Where(f => f.Value.Count > 0).Select(f => f.Key).Should().BeSubsetOf(plantedSubjects, "an honest trip's declarations match its records");
    }
}
