using Fleet.Domain.Common;
using Fleet.Domain.Positions.Reconciliation;
using FluentAssertions;
using Xunit;
using TestTrip = Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Positions;

public class TripFactsTests
{
    [Fact]
    public void A_finished_trip_gives_its_car_window_readings_and_moments()
    {
        var facts = TripFacts.Of(TestTrip.Finished, terminalBound: true);

        facts.Should().Be(new TripFacts(TestTrip.TripId, TestTrip.VehicleId, TestTrip.Details.Start, TestTrip.Details.End,
            TestTrip.OdometerOut, TestTrip.OdometerIn, false, TestTrip.DepartedAt, TestTrip.BackAt, true));
        facts!.Declared.Should().Be(Distance.FromKilometres(52.6m));
        (facts.DrivenFrom, facts.DrivenTo).Should().Be((TestTrip.DepartedAt, TestTrip.BackAt));
    }

    [Fact]
    public void A_trip_never_dispatched_has_no_car_to_reconcile_and_one_not_started_is_driven_as_approved()
    {
        TripFacts.Of(TestTrip.AutoApproved, terminalBound: true).Should().BeNull();

        var dispatched = TripFacts.Of(TestTrip.Dispatched, terminalBound: false)!;
        dispatched.Declared.Should().BeNull();
        (dispatched.DrivenFrom, dispatched.DrivenTo).Should().Be((TestTrip.Details.Start, TestTrip.Details.End));
    }
}
