using Fleet.Domain.Common;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Trips;

public sealed class LogbookImportTests
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);
    private static readonly Vehicle Car = Vehicle.From(new VehicleRegistered(Guid.NewGuid(), "鄂A·K0001", VehicleCategory.GeneralOfficial,
        VehicleClass.Sedan, 5, EnergyType.Gasoline, "420102", Now));

    private const string Header = "日期,车牌号,派车单号,用车单位,事由,驾驶员,出车时间,回场时间,出车里程,回场里程,加油量,费用\n";

    private static (IReadOnlyList<TripImported> Trips, LogbookFileImported Report) Read(string rows, params VehicleUse[] known) =>
        LogbookImport.Read(Header + rows, "f.csv", "abc", "420102", Guid.Empty, Registry, known, row => new Guid(row, 0, 0, new byte[8]), Zone, Now);

    private static readonly LogbookRegistry Registry = new(new Dictionary<string, Vehicle> { [Car.Plate] = Car },
        [("JA0001", "单位"), ("JA0002", "江岸区教育局")], ["王强", "李明", "张伟", "张伟"]);

    [Fact]
    public void Quoted_fields_keep_their_commas_and_quotes()
    {
        LogbookImport.Csv("a,\"b,c\",\"d \"\"e\"\"\"\r\nf,,g\n").Should().BeEquivalentTo(new[]
        {
            new[] { "a", "b,c", "d \"e\"" },
            new[] { "f", "", "g" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_file_to_import_has_text_and_at_most_two_thousand_rows()
    {
        LogbookImport.Validate(new ImportLogbookForm("台账.csv", " ")).Problems.Should().ContainSingle()
            .Which.Should().Match<Problem>(p => p.Field == "csv" && p.Code == "validation.required");
        LogbookImport.Validate(new ImportLogbookForm("台账.csv", Header + string.Concat(Enumerable.Repeat("x\n", LogbookImport.MaxRows + 1))))
            .Problems.Should().ContainSingle().Which.Code.Should().Be("import.too_many_rows");
        LogbookImport.Validate(new ImportLogbookForm("台账.csv", Header + string.Concat(Enumerable.Repeat("x\n", LogbookImport.MaxRows))))
            .Text.Should().Be(new LogbookText("台账.csv", Header + string.Concat(Enumerable.Repeat("x\n", LogbookImport.MaxRows))));
    }

    [Fact]
    public void A_file_without_a_name_is_known_by_the_default_one()
    {
        LogbookImport.Validate(new ImportLogbookForm("  ", "a,b\n")).Text!.FileName.Should().Be(LogbookImport.DefaultFileName);
        LogbookImport.Validate(new ImportLogbookForm(" 台账.csv ", "a,b\n")).Text!.FileName.Should().Be("台账.csv");
    }

    [Fact]
    public void A_return_after_midnight_belongs_to_the_next_day()
    {
        var (trips, report) = Read("2026-10-05,鄂A·K0001,,单位,会议,王强,22:00,01:30,100,160,,\n");
        report.Rejected.Should().BeEmpty();
        trips.Single().ReturnedAt.Should().Be(trips.Single().DepartedAt + Duration.FromHours(3.5));
        trips.Single().Provenance.Row.Should().Be(2, "rows are numbered as the file's lines, header included");
    }

    [Fact]
    public void A_later_trip_leaving_below_the_earlier_return_reading_is_refused()
    {
        var (trips, report) = Read("2026-10-05,鄂A·K0001,,单位,会议,王强,08:00,09:00,100,150,,\n2026-10-06,鄂A·K0001,,单位,会议,王强,08:00,09:00,140,160,,\n");
        trips.Should().ContainSingle();
        report.Rejected.Single().Should().Match<ImportRejection>(r => r.Row == 3 && r.Code == "import.odometer_left_below");
    }

    [Fact]
    public void A_trip_over_a_known_use_of_the_car_or_in_the_future_is_refused()
    {
        var known = new VehicleUse(Car.Id, new Interval(Instant.FromUtc(2026, 10, 5, 1, 0), Instant.FromUtc(2026, 10, 5, 3, 0)));
        var (_, report) = Read("2026-10-05,鄂A·K0001,,单位,会议,王强,10:00,12:00,100,150,,\n2026-11-09,鄂A·K0001,,单位,会议,王强,10:00,12:00,100,150,,\n", known);
        report.Rejected.Select(r => r.Code).Should().Equal("import.overlapping", "import.in_future");
        report.Rejected[0].Args.Should().Contain("2026-10-05 09:00", "the clash is quoted in the city's local time");
    }

    [Fact]
    public void The_unit_is_matched_by_code_or_name_and_stored_by_its_code()
    {
        var (trips, report) = Read("2026-10-05,鄂A·K0001,,江岸区教育局,会议,李明,08:00,09:00,100,150,,\n2026-10-06,鄂A·K0001,,ja0001,会议,王强,08:00,09:00,150,160,,\n");

        report.Rejected.Should().BeEmpty();
        trips.Select(t => (t.Unit, t.DriverName)).Should().Equal(("JA0002", "李明"), ("JA0001", "王强"));
    }

    [Fact]
    public void A_row_naming_no_unit_or_driver_of_the_pool_is_refused_with_the_name_it_gave()
    {
        var (trips, report) = Read(
            "2026-10-05,鄂A·K0001,,,会议,王强,08:00,09:00,100,150,,\n" +
            "2026-10-06,鄂A·K0001,,江汉区教育局,会议,王强,08:00,09:00,100,150,,\n" +
            "2026-10-07,鄂A·K0001,,单位,会议,,08:00,09:00,100,150,,\n" +
            "2026-10-08,鄂A·K0001,,单位,会议,赵六,08:00,09:00,100,150,,\n" +
            "2026-10-09,鄂A·K0001,,单位,会议,张伟,08:00,09:00,100,150,,\n");

        trips.Should().BeEmpty();
        report.Rejected.Select(r => (r.Row, r.Code)).Should().Equal((2, "import.unit_missing"), (3, "import.unit_unknown"), (4, "import.driver_missing"),
            (5, "import.driver_unknown"), (6, "import.driver_ambiguous"));
        report.Rejected[1].Args.Should().Equal("江汉区教育局");
        report.Rejected[3].Args.Should().Equal("赵六");
    }

    [Fact]
    public void A_row_without_a_dispatch_order_number_is_taken_as_the_paper_has_it()
    {
        var (trips, _) = Read("2026-10-05,鄂A·K0001,,单位,会议,王强,08:00,09:00,100,150,,\n2026-10-06,鄂A·K0001,JA-2026-017,单位,会议,王强,08:00,09:00,150,160,,\n");

        trips.Select(t => t.OrderNumber).Should().Equal(null, "JA-2026-017");
    }
}
