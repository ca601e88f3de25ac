using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Vehicles;

public class VehicleDocumentsTests
{
    private static readonly LocalDate InspectedOn = new(2026, 10, 28);
    private static readonly LocalDate InspectionValidUntil = new(2027, 10, 31);

    private static RecordAnnualInspectionForm Inspection(LocalDate inspectedOn, LocalDate validUntil, string? certificate = "鄂检-2026-0815") =>
        new(inspectedOn, validUntil, certificate);

    private static RecordInsuranceForm Insurance(string? insurer = "中国人民财产保险", string? policyNumber = "PDAA2026420100000123",
        LocalDate? validFrom = null, LocalDate? validUntil = null) =>
        new(insurer, policyNumber, validFrom ?? new LocalDate(2026, 11, 10), validUntil ?? new LocalDate(2027, 11, 9));

    // Annual inspection

    [Fact]
    public void A_passed_inspection_is_recorded()
    {
        var decision = VehicleDocuments.Decide(Inspection(InspectedOn, InspectionValidUntil, " 鄂检-2026-0815 "), Given(), Now, Shanghai);

        decision.ShouldAccept(new AnnualInspectionRecorded(VehicleId, InspectedOn, InspectionValidUntil, "鄂检-2026-0815", Now));
    }

    [Fact]
    public void The_recorded_inspection_sets_how_long_the_vehicle_may_be_on_the_road()
    {
        var vehicle = Given(new AnnualInspectionRecorded(VehicleId, InspectedOn, InspectionValidUntil, null, Now));

        vehicle.InspectionValidUntil.Should().Be(InspectionValidUntil);
    }

    [Fact]
    public void A_later_record_puts_a_mistyped_date_right()
    {
        var vehicle = Given(
            new AnnualInspectionRecorded(VehicleId, InspectedOn, new LocalDate(2028, 10, 31), null, Now),
            new AnnualInspectionRecorded(VehicleId, InspectedOn, InspectionValidUntil, null, Now));

        vehicle.InspectionValidUntil.Should().Be(InspectionValidUntil);
    }

    [Theory]
    [InlineData(2026, 10, 28)] // the same day
    [InlineData(2026, 10, 1)] // before it
    public void An_inspection_is_valid_until_a_day_after_it_took_place(int year, int month, int day)
    {
        var decision = VehicleDocuments.Decide(Inspection(InspectedOn, new LocalDate(year, month, day)), Given(), Now, Shanghai);

        decision.ShouldRefuseWith(("validUntil", "vehicle.inspection_dates_invalid"));
    }

    [Fact]
    public void An_inspection_today_in_Shanghai_is_accepted_from_local_midnight()
    {
        // 2026-11-02T16:00Z is 00:00 on 3 November in Shanghai.
        var midnight = Instant.FromUtc(2026, 11, 2, 16, 0);

        var decision = VehicleDocuments.Decide(Inspection(new LocalDate(2026, 11, 3), InspectionValidUntil), Given(), midnight, Shanghai);

        decision.ShouldAccept(new AnnualInspectionRecorded(VehicleId, new LocalDate(2026, 11, 3), InspectionValidUntil, "鄂检-2026-0815", midnight));
    }

    [Fact]
    public void An_inspection_dated_tomorrow_in_Shanghai_is_refused_until_local_midnight()
    {
        // One second before local midnight: still 2 November in Shanghai.
        var lastSecond = Instant.FromUtc(2026, 11, 2, 15, 59, 59);

        var decision = VehicleDocuments.Decide(Inspection(new LocalDate(2026, 11, 3), InspectionValidUntil), Given(), lastSecond, Shanghai);

        decision.ShouldRefuseWith(("inspectedOn", "vehicle.inspection_in_future"));
        decision.Problems.Single().Args.Should().Equal(new LocalDate(2026, 11, 3), new LocalDate(2026, 11, 2));
    }

    [Fact]
    public void An_inspection_today_is_accepted_although_it_is_still_yesterday_in_UTC()
    {
        // 00:30 on 3 November in Shanghai is 16:30 on 2 November in UTC.
        var earlyMorning = Instant.FromUtc(2026, 11, 2, 16, 30);

        VehicleDocuments.Decide(Inspection(new LocalDate(2026, 11, 3), InspectionValidUntil), Given(), earlyMorning, Shanghai)
            .ShouldAccept(new AnnualInspectionRecorded(VehicleId, new LocalDate(2026, 11, 3), InspectionValidUntil, "鄂检-2026-0815", earlyMorning));
    }

    [Fact]
    public void A_certificate_number_longer_than_100_characters_is_refused_and_a_blank_one_is_none()
    {
        VehicleDocuments.Decide(Inspection(InspectedOn, InspectionValidUntil, new string('9', 101)), Given(), Now, Shanghai)
            .ShouldRefuseWith(("certificateNumber", "validation.too_long"));
        VehicleDocuments.Decide(Inspection(InspectedOn, InspectionValidUntil, "  "), Given(), Now, Shanghai)
            .ShouldAccept(new AnnualInspectionRecorded(VehicleId, InspectedOn, InspectionValidUntil, null, Now));
    }

    [Fact]
    public void A_retired_vehicle_can_still_be_inspected()
    {
        VehicleDocuments.Decide(Inspection(InspectedOn, InspectionValidUntil), Given(Retired), Now, Shanghai)
            .ShouldAccept(new AnnualInspectionRecorded(VehicleId, InspectedOn, InspectionValidUntil, "鄂检-2026-0815", Now));
    }

    [Fact]
    public void A_disposed_vehicle_takes_no_more_papers()
    {
        VehicleDocuments.Decide(Inspection(InspectedOn, InspectionValidUntil), Given(Disposed), Now, Shanghai)
            .ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
        VehicleDocuments.Decide(Insurance(), Given(Disposed), Now)
            .ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    // Insurance

    [Fact]
    public void A_policy_bought_ahead_is_recorded()
    {
        var decision = VehicleDocuments.Decide(Insurance(" 中国人民财产保险 ", " PDAA2026420100000123 "), Given(), Now);

        decision.ShouldAccept(new InsuranceRecorded(VehicleId, "中国人民财产保险", "PDAA2026420100000123",
            new LocalDate(2026, 11, 10), new LocalDate(2027, 11, 9), Now));
        Given().When((InsuranceRecorded)decision.Events[0]).InsuranceValidUntil.Should().Be(new LocalDate(2027, 11, 9));
    }

    [Fact]
    public void A_policy_names_its_insurer_and_number()
    {
        VehicleDocuments.Decide(Insurance(insurer: null, policyNumber: " "), Given(), Now)
            .ShouldRefuseWith(("insurer", "validation.required"), ("policyNumber", "validation.required"));
    }

    [Fact]
    public void Papers_give_their_dates()
    {
        VehicleDocuments.Decide(new RecordInsuranceForm("中国人民财产保险", "PDAA1", null, null), Given(), Now)
            .ShouldRefuseWith(("validFrom", "validation.required"), ("validUntil", "validation.required"));
        VehicleDocuments.Decide(new RecordAnnualInspectionForm(null, null, null), Given(), Now, Shanghai)
            .ShouldRefuseWith(("inspectedOn", "validation.required"), ("validUntil", "validation.required"));
    }

    [Fact]
    public void Insurer_and_policy_number_are_at_most_100_characters()
    {
        VehicleDocuments.Decide(Insurance(insurer: new string('保', 100), policyNumber: new string('P', 100)), Given(), Now)
            .ShouldAccept(new InsuranceRecorded(VehicleId, new string('保', 100), new string('P', 100), new LocalDate(2026, 11, 10),
                new LocalDate(2027, 11, 9), Now));
        VehicleDocuments.Decide(Insurance(insurer: new string('保', 101), policyNumber: new string('P', 101)), Given(), Now)
            .ShouldRefuseWith(("insurer", "validation.too_long"), ("policyNumber", "validation.too_long"));
    }

    [Theory]
    [InlineData(2026, 11, 10)] // the day it starts
    [InlineData(2026, 11, 1)] // before it starts
    public void A_policy_is_valid_until_a_day_after_it_starts(int year, int month, int day)
    {
        VehicleDocuments.Decide(Insurance(validUntil: new LocalDate(year, month, day)), Given(), Now)
            .ShouldRefuseWith(("validUntil", "vehicle.insurance_dates_invalid"));
    }
}
