using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Samples.DemoCity;

public sealed partial class DemoCityGenerator
{
    /// <summary>
    /// The fleet admin renews inspections and insurance before they run out, a few times a little late: the car
    /// then drops out of the dispatch candidates for some days, as it would.
    /// </summary>
    private void KeepPapersValid(PoolState pool, Guid vehicleId, DemoActor admin)
    {
        RenewInspection(pool, vehicleId, admin);
        RenewInsurance(pool, vehicleId, admin);
    }

    private void RenewInspection(PoolState pool, Guid vehicleId, DemoActor admin)
    {
        if (pool.Vehicles[vehicleId].InspectionValidUntil is not { } lastDay) return;
        At(RenewalDay(lastDay, 15), now =>
        {
            var today = now.InZone(_zone).Date;
            var vehicle = pool.Vehicles[vehicleId];
            var form = new RecordAnnualInspectionForm(today, today.PlusYears(1).PlusDays(-1), $"JY{_random.Next(10_000_000, 99_999_999)}");
            if (Apply(pool, vehicle, VehicleDocuments.Decide(form, vehicle, now, _zone), now, admin).InspectionValidUntil > lastDay)
                RenewInspection(pool, vehicleId, admin);
        });
    }

    private void RenewInsurance(PoolState pool, Guid vehicleId, DemoActor admin)
    {
        if (pool.Vehicles[vehicleId].InsuranceValidUntil is not { } lastDay) return;
        At(RenewalDay(lastDay, 20), now =>
        {
            // A late renewal starts on the day it is bought: the days between stay uninsured.
            var from = LocalDate.Max(lastDay.PlusDays(1), now.InZone(_zone).Date);
            var vehicle = pool.Vehicles[vehicleId];
            var form = new RecordInsuranceForm(Pick(DemoTexts.Insurers), $"PDAA{_random.Next(10_000_000, 99_999_999)}", from,
                from.PlusYears(1).PlusDays(-1));
            if (Apply(pool, vehicle, VehicleDocuments.Decide(form, vehicle, now), now, admin).InsuranceValidUntil > lastDay)
                RenewInsurance(pool, vehicleId, admin);
        });
    }

    /// <summary>Some days before the last valid day, in office hours; one renewal in twenty comes a few days too late.</summary>
    private Instant RenewalDay(LocalDate lastValidDay, int daysAhead)
    {
        var day = Chance(0.05) ? lastValidDay.PlusDays(_random.Next(2, 7)) : lastValidDay.PlusDays(-_random.Next(daysAhead / 2, daysAhead + 1));
        return Local(day, 9 + _random.Next(0, 7), _random.Next(0, 60));
    }

    /// <summary>
    /// A week of annual leave, booked a fortnight ahead; some drivers also go on a course. Both are booked long
    /// before the dispatch centre plans those days, so no trip has to be moved for them.
    /// </summary>
    private void PlanLeave(PoolState pool, Guid driverId, DemoActor admin)
    {
        var days = (int)(_end - HistoryStart).TotalDays;
        if (days < 30) return;

        void Book(LeaveKind kind, int length)
        {
            var first = HistoryStart.InZone(_zone).Date.PlusDays(_random.Next(20, days - 5));
            var start = _zone.AtStartOfDay(first).ToInstant();
            var end = _zone.AtStartOfDay(first.PlusDays(length)).ToInstant();
            At(start - Duration.FromDays(14) + Duration.FromHours(10), now =>
            {
                var driver = pool.Drivers[driverId];
                var away = new Interval(start, end);
                if (driver.Leave.Any(w => !w.Cancelled && w.Period.Overlaps(away))) return;
                if (pool.Held.Values.Any(r => r.Assignment.DriverId == driverId && r.Assignment.Reserved.Overlaps(away))) return;
                ApplyDriver(pool, driver, DriverLeave.Schedule(new ScheduleDriverLeaveForm(start, end, kind.ToString(), null), driver, NewId(now), _zone, now),
                    now, admin);
            });
        }

        Book(LeaveKind.Annual, _random.Next(3, 8));
        if (Chance(0.15)) Book(LeaveKind.Training, _random.Next(1, 3));
    }

    /// <summary>
    /// Servicing every four months or so, booked a week ahead for a working day; a few repairs at short notice,
    /// only where the car has no trip booked then.
    /// </summary>
    private void PlanMaintenance(PoolState pool, Guid vehicleId)
    {
        var admin = pool.Staff[Role.FleetAdmin];
        var historyDays = (int)(_end - HistoryStart).TotalDays;
        for (var day = _random.Next(10, 120); day < historyDays + 7; day += _random.Next(90, 150))
            Book(Workday(HistoryStart.InZone(_zone).Date.PlusDays(day)), 1, MaintenanceKind.Routine, DemoTexts.Maintenance[0], Duration.FromDays(7));
        if (historyDays > 30 && Chance(0.08))
            Book(Workday(HistoryStart.InZone(_zone).Date.PlusDays(_random.Next(10, historyDays))), _random.Next(2, 5), MaintenanceKind.Repair,
                Pick(DemoTexts.Maintenance.Skip(1).ToList()), Duration.FromHours(18));

        void Book(LocalDate first, int days, MaintenanceKind kind, string note, Duration ahead)
        {
            var planned = new Interval(Local(first, 8, 30), Local(first.PlusDays(days - 1), 17, 30));
            At(planned.Start - ahead, now =>
            {
                var vehicle = pool.Vehicles[vehicleId];
                if (pool.Held.Values.Any(r => r.Assignment.VehicleId == vehicleId && r.Assignment.Reserved.Overlaps(planned))) return;
                if (vehicle.MaintenanceWindows.Any(w => w.IsOpen && w.Occupancy is { } occupied && occupied.Overlaps(planned))) return;
                var maintenanceId = NewId(now);
                var booked = Apply(pool, vehicle, VehicleMaintenance.Decide(new ScheduleMaintenanceForm(planned.Start, planned.End, kind.ToString(), note), maintenanceId, vehicle, now),
                    now, admin);
                if (booked.FindMaintenance(maintenanceId) is null) return;

                At(planned.Start, started => Apply(pool, pool.Vehicles[vehicleId],
                    VehicleMaintenance.Start(maintenanceId, pool.Vehicles[vehicleId], started), started, admin));
                At(planned.End - Minutes(0, 90), done => Apply(pool, pool.Vehicles[vehicleId],
                    VehicleMaintenance.Decide(new CompleteMaintenanceForm(pool.Vehicles[vehicleId].Odometer.Kilometres), maintenanceId, pool.Vehicles[vehicleId], done),
                    done, admin));
            });
        }
    }

    private static LocalDate Workday(LocalDate date) => date.DayOfWeek switch
    {
        IsoDayOfWeek.Saturday => date.PlusDays(2),
        IsoDayOfWeek.Sunday => date.PlusDays(1),
        _ => date,
    };

    /// <summary>
    /// A month into the history the districts after the first two (the tiny city has only those) send trips out of the
    /// city to their office after the unit's two signatures, and one of them sends the trips that stay away overnight up to the city's office too.
    /// </summary>
    private void PlanOfficeChain(PoolState pool)
    {
        var index = WCity.Districts.ToList().IndexOf(pool.Pool);
        if (index < 2) return;
        var admin = pool.Staff[Role.FleetAdmin];
        At(HistoryStart + Duration.FromDays(30), now =>
        {
            var current = pool.Policy;
            List<ApprovalStepForm> steps =
            [
                .. ApprovalChain.Default.Select(s => new ApprovalStepForm(s.Office, s.When, s.PassengersOver)),
                new(ApprovalOffice.PoolOffice, [PolicyReasons.OutOfRegion]),
            ];
            if (index == 3) steps.Add(new ApprovalStepForm(ApprovalOffice.CityOffice, [PolicyReasons.Overnight]));
            var form = new ChangeApprovalPolicyForm(current.Version + 1, current.WorkdayStart, current.WorkdayEnd, current.Workdays.ToList(),
                current.MaxAutoApprovedLength, current.TwoLevelClasses.ToList(), steps);
            if (Record(pool, Guid.Empty, DemoStream.ApprovalPolicy, ApprovalPolicies.Change(form, current, now), now, admin) is [ApprovalPolicyChanged changed])
                pool.Policy = ApprovalPolicy.From(changed);
        });
    }

    /// <summary>Half-way through the history the city pool lets trips of up to five hours go without an approver.</summary>
    private void PlanPolicyChange(PoolState pool)
    {
        var admin = pool.Staff[Role.FleetAdmin];
        At(HistoryStart + (_end - HistoryStart) / 2, now =>
        {
            var current = pool.Policy;
            var form = new ChangeApprovalPolicyForm(current.Version + 1, current.WorkdayStart, current.WorkdayEnd, current.Workdays.ToList(),
                Duration.FromHours(5), current.TwoLevelClasses.ToList());
            if (Record(pool, Guid.Empty, DemoStream.ApprovalPolicy, ApprovalPolicies.Change(form, current, now), now, admin) is [PolicyChanged changed])
                pool.Policy = ApprovalPolicy.From(changed);
        });
    }
}
