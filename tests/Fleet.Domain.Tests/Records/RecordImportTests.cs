using System.Collections.Immutable;
using System.Text;
using Fleet.Domain.Records;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Records;

public class RecordImportTests
{
    private static readonly Guid Admin = Guid.Parse("01900000-0000-7000-8000-0000000000ad");
    private static readonly Guid Other = Guid.Parse("01900000-0000-7000-8000-0000000000a2");
    private const string CardNumber = "1000113300012345";

    /// <summary>The card was on 鄂A·C1234 until 1 November 12:00, then on 鄂A·C5678.</summary>
    private static readonly Card Card = new(CardBinding.IdOf(CardKind.Fuel, CardNumber), CardKind.Fuel, CardNumber, CardStatus.Bound,
        [new CardHolding(VehicleId, "鄂A·C1234", At(2026, 10, 1, 0), At(2026, 11, 1, 12)), new CardHolding(Other, "鄂A·C5678", At(2026, 11, 1, 12), null)]);

    private static readonly RecordRegistry Registry = new(
        new Dictionary<string, (Guid, string)> { ["鄂A·C1234"] = (VehicleId, "鄂A·C1234"), ["鄂A·C5678"] = (Other, "鄂A·C5678") },
        new Dictionary<string, Card> { [CardNumber] = Card });

    public static RecordLayout Sinopec => new()
    {
        Name = "sinopec-fuel", Issuer = "中国石化加油卡", Kind = RecordKind.Fuel, Encoding = "gbk", TimeFormat = "uuuu/MM/dd HH:mm:ss",
        Columns = new() { ["card"] = "卡号", ["time"] = "交易时间", ["place"] = "加油站", ["litres"] = "数量(升)", ["amount"] = "金额(元)" },
    };

    private static RecordLayout Parking => new()
    {
        Name = "city-parking", Kind = RecordKind.Parking, Delimiter = ';', DecimalSeparator = ',', HeaderRows = 2, TimeFormat = "dd.MM.uuuu HH:mm",
        Columns = new() { ["plate"] = "#1", ["date"] = "#2", ["time"] = "#3", ["place"] = "#4", ["amount"] = "#5" },
    };

    private static (IReadOnlyList<OutsideRecordImported> Records, RecordFileImported Report) Read(string csv, RecordLayout layout, Func<Guid, bool>? stored = null) =>
        RecordImport.Read(csv, layout, "f.csv", "hash", "420102", Admin, Registry, stored ?? (_ => false), Shanghai, Now);

    [Fact]
    public void A_fuel_card_row_goes_to_the_car_that_held_the_card_at_that_moment()
    {
        var csv = "卡号,交易时间,加油站,数量(升),金额(元)\n" +
                  "1000 1133 0001 2345,2026/10/20 08:15:00,武汉汉阳加油站,40.50,\"312.00\"\n" +
                  "1000113300012345,2026/11/01 15:00:00,武汉江岸加油站,\"1,2\",9.20\n";
        var (records, report) = Read(csv, Sinopec);
        records.Select(r => (r.Plate, r.At, r.Litres, r.Amount, r.Card)).Should().Equal(
            ("鄂A·C1234", At(2026, 10, 20, 8, 15), 40.50m, 312.00m, CardNumber), ("鄂A·C5678", At(2026, 11, 1, 15), 12m, 9.20m, CardNumber));
        records[0].Provenance.Should().Be(new Fleet.Domain.Trips.ImportProvenance("hash", "f.csv", 2, Admin));
        report.Should().Match<RecordFileImported>(r => r.Rows == 2 && r.AcceptedRows.SequenceEqual(new[] { 2, 3 }) && r.Rejected.Count == 0);
    }

    [Fact]
    public void Bad_rows_are_refused_each_with_its_reason()
    {
        var csv = "卡号,交易时间,加油站,数量(升),金额(元)\n" +
                  "9999888877776666,2026/10/20 08:15:00,A,40,300\n" +
                  "1000113300012345,2026/09/20 08:15:00,A,40,300\n" +
                  "1000113300012345,20.10.2026,A,40,300\n" +
                  "1000113300012345,2026/10/20 08:15:00,A,-4,300\n" +
                  "1000113300012345,2026/10/20 08:15:00,A,40,abc\n" +
                  "1000113300012345,2026/12/20 08:15:00,A,40,300\n" +
                  "1000113300012345,2026/10/20\n";
        var (records, report) = Read(csv, Sinopec);
        records.Should().BeEmpty();
        report.Rejected.Select(r => (r.Row, r.Code)).Should().Equal((2, "records.card_unknown"), (3, "records.card_unbound"), (4, "records.time_invalid"),
            (5, "records.litres_invalid"), (6, "records.amount_invalid"), (7, "records.in_future"), (8, "records.columns"));
        report.Rejected.Should().OnlyContain(r => !r.Reason.Contains('{'));
    }

    [Fact]
    public void A_row_already_in_the_store_or_twice_in_the_file_is_counted_as_already_imported()
    {
        var row = "鄂A·C1234;20.10.2026;09:30;汉口站停车场;12,50\n";
        var csv = "Parkhaus export\nplate;date;time;lot;amount\n" + row + row + "鄂A·C5678;21.10.2026;10:00;江滩;1.005,00\n";
        var (records, report) = Read(csv, Parking);
        records.Select(r => (r.Plate, r.Amount, r.Kind)).Should().Equal(("鄂A·C1234", 12.50m, RecordKind.Parking), ("鄂A·C5678", 1005.00m, RecordKind.Parking));
        report.RepeatedRows.Should().Equal(4);

        var again = Read(csv, Parking, id => id == records[0].RecordId);
        again.Report.RepeatedRows.Should().Equal(3, 4);
        again.Report.AcceptedRows.Should().Equal(5);
    }

    [Fact]
    public void A_plate_row_names_a_car_of_the_pool()
    {
        var csv = "x\nplate;date;time;lot;amount\n鄂A·C9999;20.10.2026;09:30;L;1\n京X;20.10.2026;09:30;L;1\n;20.10.2026;09:30;L;1\n";
        Read(csv, Parking).Report.Rejected.Select(r => r.Code).Should().Equal("records.vehicle_unknown", "records.plate_invalid", "records.car_missing");
    }

    [Fact]
    public void A_gbk_file_is_read_in_its_encoding_and_a_utf8_file_without_its_byte_order_mark()
    {
        const string text = "卡号,交易时间,加油站,数量(升),金额(元)\n1000113300012345,2026/10/20 08:15:00,武汉汉阳加油站,40,300\n";
        Sinopec.TextEncoding().Should().NotBeNull("the runtime carries the GBK code page");
        Sinopec.Decode(Sinopec.TextEncoding()!.GetBytes(text)).Should().Be(text);
        var utf8 = new RecordLayout { Encoding = "utf-8" };
        utf8.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]).Should().Be(text);
        utf8.Decode([0xFF, 0xFE, 0x00]).Should().BeNull("bytes that are no UTF-8 are no text");
    }

    [Fact]
    public void A_file_without_the_layouts_columns_is_not_in_the_layout()
    {
        RecordImport.NotInLayout("日期,车牌\n", Sinopec)!.Code.Should().Be("records.column_missing");
        RecordImport.NotInLayout("卡号,交易时间,加油站,数量(升),金额(元)\n", Sinopec).Should().BeNull();
    }

    [Fact]
    public void A_layout_says_what_is_wrong_with_it()
    {
        Sinopec.Faults().Should().BeEmpty();
        Parking.Faults().Should().BeEmpty();
        new RecordLayout { Name = "x", Kind = RecordKind.Fuel, Encoding = "klingon", TimeFormat = "uuuu-MM-dd HH:mm:ss", Columns = new() { ["colour"] = "#1" } }
            .Faults().Should().HaveCount(6);
        new RecordLayout { Name = "x", Kind = RecordKind.Toll, TimeFormat = "[", Columns = new() { ["plate"] = "#1", ["time"] = "#2", ["amount"] = "#3" } }.Faults()
            .Should().ContainSingle().Which.Should().Contain("pattern");
    }
}
