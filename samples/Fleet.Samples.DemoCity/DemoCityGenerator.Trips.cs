using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Samples.DemoCity;

public sealed partial class DemoCityGenerator
{
    private static readonly Duration UseWindow = Duration.FromDays(30);
    private static readonly Duration StartGrace = TripDriving.StartGrace;
    private static readonly Duration ReturnGrace = TripDriving.ReturnGrace;
    private static readonly Duration AutoCloseAfter = TripClosing.AutoCloseAfter;

    private enum Answer
    {
        ConfirmAndRate,
        Confirm,
        RateLater,
        Dispute,
        None,
    }

    /// <summary>
    /// What will happen to a trip, drawn when it is planned: the small share of rejections, cancellations,
    /// declines, reassignments, late starts and returns, odometer slips and disputes that make the history
    /// worth auditing. Whether each one can happen is decided when its moment comes.
    /// </summary>
    private sealed record Fate(bool Rejected, bool Cancelled, bool Declines, bool Reassigned, Duration StartDelay, Duration? LateReturn,
        bool OdometerGap, bool OdometerSlip, Answer Answer, int Stars);

    /// <summary>One trip as the generator follows it; <see cref="Generation"/> changes with every dispatch, so steps planned for an old one lapse.</summary>
    private sealed class TripState(PoolState pool, UnitState unit, Fate fate)
    {
        public PoolState Pool { get; } = pool;
        public UnitState Unit { get; } = unit;
        public Fate Fate { get; set; } = fate;
        public Trip Trip { get; set; } = null!;
        public int Generation { get; set; }
    }

    /// <summary>Every day of the history is planned four days ahead, when the first requests for it can come in; then upkeep and the policy change.</summary>
    private void PlanHistory()
    {
        var first = HistoryStart.InZone(_zone).Date;
        var last = _end.InZone(_zone).Date.PlusDays(7);
        foreach (var pool in _pools)
        {
            for (var day = first; day <= last; day = day.PlusDays(1))
            {
                var date = day;
                At(_zone.AtStartOfDay(date).ToInstant() - Duration.FromDays(4), _ => PlanDay(pool, date));
            }

            foreach (var vehicleId in pool.Vehicles.Keys.ToList()) PlanMaintenance(pool, vehicleId);
            if (pool.Pool.IsCity) PlanPolicyChange(pool);
            else PlanOfficeChain(pool);
            PlanSettlement(pool);
        }

        PlanTerminals();
        PlanRecords();
    }

    private void PlanDay(PoolState pool, LocalDate day)
    {
        var workday = IsWorked(day);
        var trips = Poisson(pool.TripsPerWorkday * (workday ? 1.0 : 0.06));
        for (var i = 0; i < trips; i++) PlanTrip(pool, day, workday);
    }

    private int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30)
        {
            // Normal approximation: Knuth's product underflows for large means.
            var normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * normal));
        }

        var limit = Math.Exp(-mean);
        var count = 0;
        for (var product = _random.NextDouble(); product > limit; product *= _random.NextDouble()) count++;
        return count;
    }

    /// <summary>A clerk's request as it would be typed, with the moment it is sent and what fate holds for it.</summary>
    private void PlanTrip(PoolState pool, LocalDate day, bool workday)
    {
        var unit = WeightedUnit(pool);
        var purpose = workday
            ? Weighted((TripPurpose.Meeting, 32), (TripPurpose.Inspection, 30), (TripPurpose.Reception, 8), (TripPurpose.Confidential, 7),
                (TripPurpose.Emergency, 3), (TripPurpose.Other, 20))
            : Weighted((TripPurpose.Emergency, 30), (TripPurpose.Inspection, 40), (TripPurpose.Meeting, 15), (TripPurpose.Other, 15));
        var urgency = purpose == TripPurpose.Emergency && Chance(0.8) ? TripUrgency.Emergency : TripUrgency.Normal;
        var outOfRegion = purpose is TripPurpose.Meeting or TripPurpose.Inspection or TripPurpose.Reception or TripPurpose.Other && Chance(0.05);

        Instant start, end, requestAt;
        if (urgency == TripUrgency.Emergency)
        {
            start = Local(day, _random.Next(6, 22), _random.Next(0, 60));
            end = start + Duration.FromMinutes(_random.Next(2, 9) * 30);
            requestAt = start - Minutes(20, 45);
        }
        else
        {
            if (outOfRegion)
            {
                start = Local(day, 7, 30) + Duration.FromMinutes(_random.Next(0, 7) * 15);
                end = Chance(0.4) ? Local(day.PlusDays(_random.Next(1, 3)), _random.Next(16, 18), 0) : Local(day, _random.Next(17, 19), 30);
            }
            else
            {
                // Most trips fit the working day; one in ten starts early or runs into the evening.
                var halfHours = Chance(0.75) ? _random.Next(2, 8) : _random.Next(8, 17);
                start = Chance(0.9)
                    ? Local(day, 8, 30) + Duration.FromMinutes(_random.Next(0, 2 * (18 - halfHours) + 1) * 15)
                    : Chance(0.5) ? Local(day, 7, _random.Next(0, 4) * 15) : Local(day, 17, 30) + Duration.FromMinutes(_random.Next(0, 9) * 15);
                end = Instant.Min(start + Duration.FromMinutes(30 * halfHours), Local(day, 22, 0));
            }

            requestAt = Chance(0.25)
                ? start - Minutes(60, 180)
                : Local(day.PlusDays(-_random.Next(1, 4)), _random.Next(9, 17), _random.Next(0, 60));
        }

        var (passengers, wantedClass) = Party(pool);
        var withDriver = !(passengers <= 4 && wantedClass is null or VehicleClass.Sedan && !outOfRegion
            && purpose is not (TripPurpose.Emergency or TripPurpose.Confidential) && Chance(0.08));
        var names = Chance(0.5) ? Enumerable.Range(0, Math.Min(passengers, _random.Next(1, 4))).Select(_ => (string?)PersonName()).ToList() : [];
        var destinations = outOfRegion
            ? [Pick(WCity.OutOfRegion).Place + Pick(["人民政府", "发展和改革委员会", "会议中心"])]
            : Enumerable.Range(0, Chance(0.7) ? 1 : _random.Next(2, 4)).Select(_ => (string?)Place(pool)).Distinct().ToList();
        var form = new RequestTripForm(purpose.ToString(), Pick(DemoTexts.Purposes[purpose]), passengers, names, unit.Name, destinations, start, end,
            wantedClass?.ToString(), urgency.ToString(), withDriver, outOfRegion, Contact());

        var fate = new Fate(
            Rejected: Chance(0.05),
            Cancelled: Chance(0.04),
            Declines: Chance(0.03),
            Reassigned: Chance(0.02),
            StartDelay: Chance(0.03) ? Minutes(40, 90) : Minutes(-10, 10),
            LateReturn: Chance(0.04) ? Minutes(150, 300) : null,
            OdometerGap: Chance(0.008),
            OdometerSlip: Chance(0.003),
            Answer: Weighted((Answer.ConfirmAndRate, 62), (Answer.Confirm, 10), (Answer.RateLater, 5), (Answer.Dispute, 2), (Answer.None, 21)),
            Stars: Weighted((5, 60), (4, 30), (3, 7), (2, 2), (1, 1)));
        At(requestAt, now => Request(new TripState(pool, unit, fate), form, now));
    }

    /// <summary>
    /// One trip in three names someone to call other than the clerk, on a made-up number of the 1380000xxxx kind that no
    /// real subscriber is meant to answer; a few give only a name.
    /// </summary>
    private TripContactForm? Contact()
    {
        var roll = _contacts.NextDouble();
        if (roll >= 0.35) return null;
        var name = WCity.Surnames[_contacts.Next(WCity.Surnames.Count)] + WCity.GivenNames[_contacts.Next(WCity.GivenNames.Count)];
        return new TripContactForm(name, roll < 0.32 ? $"1380000{_contacts.Next(10_000):D4}" : null);
    }

    private UnitState WeightedUnit(PoolState pool)
    {
        var roll = _random.NextDouble() * pool.Units.Sum(u => u.Weight);
        foreach (var unit in pool.Units)
            if ((roll -= unit.Weight) < 0) return unit;
        return pool.Units[^1];
    }

    private T Weighted<T>(params (T Value, int Weight)[] choices)
    {
        var roll = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
            if ((roll -= weight) < 0) return value;
        return choices[^1].Value;
    }

    /// <summary>Mostly one to four people in whatever car; now and then a group that needs a minibus or a coach.</summary>
    private (int Passengers, VehicleClass? Class) Party(PoolState pool)
    {
        var classes = pool.Vehicles.Values.Select(v => v.Class).ToHashSet();
        var roll = _random.NextDouble();
        if (roll < 0.005 && classes.Contains(VehicleClass.Bus)) return (_random.Next(20, 41), VehicleClass.Bus);
        if (roll < 0.02 && classes.Contains(VehicleClass.Minibus)) return (_random.Next(8, 12), VehicleClass.Minibus);
        if (roll < 0.05 && classes.Contains(VehicleClass.Mpv)) return (_random.Next(5, 7), VehicleClass.Mpv);
        var passengers = Weighted((1, 35), (2, 30), (3, 22), (4, 13));
        return (passengers, Weighted<VehicleClass?>((null, 60), (VehicleClass.Sedan, 35), (VehicleClass.Mpv, 5)));
    }

    private string Place(PoolState pool) =>
        pool.Pool.IsCity || Chance(0.25) ? Pick(WCity.CityPlaces) : pool.Pool.Name + Pick(pool.Pool.Streets);

    private void Request(TripState state, RequestTripForm form, Instant now)
    {
        var tripId = NewId(now);
        var decision = TripRequesting.Request(form, tripId, state.Unit.Code, state.Pool.Pool.Code, state.Unit.Clerk.UserId!.Value, state.Pool.Policy, Known, _zone, now);
        if (!Decide(state, tripId, decision, now, state.Unit.Clerk, create: true)) return;
        Summary.TripsRequested++;

        var trip = state.Trip;
        if (trip.AwaitingApproval) At(ApprovalTime(trip, now), later => Approve(state, later));
        else if (trip.Status == TripStatus.Approved) PlanDispatch(state, now);
        if (trip.FlaggedForReview) At(trip.Details.Start + Duration.FromDays(1) + Minutes(0, 120), later => Review(state, later));
        if (state.Fate.Cancelled && trip.Details.Start - now > Duration.FromMinutes(45))
            At(now + Duration.FromMinutes(_random.Next(10, (int)(trip.Details.Start - now).TotalMinutes - 15)),
                later => Cancel(state, Pick(DemoTexts.Cancellations), later));
    }

    /// <summary>Approvers answer within hours, and before the trip is due.</summary>
    private Instant ApprovalTime(Trip trip, Instant now)
    {
        var at = now + Minutes(10, 180);
        var latest = trip.Details.Start - Duration.FromMinutes(20);
        return at <= latest ? at : Instant.Max(now + Duration.FromMinutes(2), latest);
    }

    private void Approve(TripState state, Instant now)
    {
        var trip = state.Trip;
        if (!trip.AwaitingApproval) return;
        var approver = ApproverOfNextStep(state);
        if (state.Fate.Rejected)
        {
            if (Decide(state, trip.Id, TripApproving.Reject(trip, approver.UserId!.Value, new RejectTripForm(Pick(DemoTexts.Rejections)), now, trip.NextOffice ?? ApprovalOffice.Unit), now, approver))
                Summary.TripsRejected++;
            return;
        }

        if (!Decide(state, trip.Id, TripApproving.Approve(trip, approver.UserId!.Value, false, now, trip.NextOffice ?? ApprovalOffice.Unit), now, approver)) return;
        if (state.Trip.AwaitingApproval) At(ApprovalTime(state.Trip, now), later => Approve(state, later));
        else PlanDispatch(state, now);
    }

    /// <summary>
    /// Who signs the step the request waits at: the unit head at the unit's first step and the deputy at its second, the
    /// pool's office, or the city's.
    /// </summary>
    private DemoActor ApproverOfNextStep(TripState state)
    {
        var trip = state.Trip;
        return trip.NextOffice switch
        {
            ApprovalOffice.PoolOffice => state.Pool.Office,
            ApprovalOffice.CityOffice => _pools[0].Office,
            _ when trip.Chain.Take(trip.Approvals.Count).Contains(ApprovalOffice.Unit) => state.Unit.Deputy ?? state.Unit.Head,
            _ => state.Unit.Head,
        };
    }

    /// <summary>The dispatch centre plans tomorrow's trips in the afternoon and sends today's as they come in.</summary>
    private void PlanDispatch(TripState state, Instant now)
    {
        var start = state.Trip.Details.Start;
        var at = start - now > Duration.FromHours(20)
            ? Local(start.InZone(_zone).Date.PlusDays(-1), _random.Next(15, 17), _random.Next(0, 60))
            : now + Minutes(10, 40);
        if (at > start - Duration.FromMinutes(15)) at = start - Duration.FromMinutes(15);
        At(Instant.Max(at, now + Duration.FromMinutes(1)), later => Dispatch(state, later));
    }

    /// <summary>
    /// The dispatcher takes the candidate list the server would show: the best free car of the wanted class, or
    /// another class with a reason, and the least used free driver allowed to drive it. With nothing free the
    /// dispatcher tries again later, and when time runs out the clerk calls the trip off.
    /// </summary>
    private void Dispatch(TripState state, Instant now)
    {
        var pool = state.Pool;
        var trip = state.Trip;
        if (trip.Status != TripStatus.Approved || trip.Details.End <= now) return;

        ForgetOldUse(pool, now);
        var candidates = DispatchCandidates.Rank(trip, pool.Vehicles.Values, pool.Drivers.Values, pool.Held.Values.ToList(), pool.VehicleUse,
            pool.DriverUse, _dispatch, _zone, now);
        var (vehicle, driver) = Choose(pool, trip, candidates);
        if (vehicle is null || (trip.Details.WithDriver && driver is null))
        {
            if (trip.Details.Start - now > Duration.FromMinutes(45)) At(now + Duration.FromMinutes(30), later => Dispatch(state, later));
            else At(now + Duration.FromMinutes(5), later => Cancel(state, DemoTexts.NoCarAvailable, later));
            return;
        }

        var dispatcher = pool.Staff[Role.Dispatcher];
        var correlation = NewId(now).ToString();
        if (pool.Register is null)
        {
            var opened = new DispatchRegisterOpened(pool.Pool.Code, now);
            Record(pool, DispatchRegister.StreamId, DemoStream.DispatchRegister, Decision.Accept(opened), now, dispatcher, correlation);
            pool.Register = DispatchRegister.From(opened);
        }

        var number = pool.Register.Next(now, _zone);
        var classChange = trip.Details.WantedClass is { } wanted && wanted != vehicle.Class ? DemoTexts.ClassChanged : null;
        var decision = TripDispatching.Dispatch(trip, vehicle, driver, new AssignTripForm(vehicle.Id, driver?.Id, classChange, null), pool.Held.Values,
            number, dispatcher.UserId!.Value, _dispatch, _zone, now);
        if (!Decide(state, trip.Id, decision, now, dispatcher, correlation: correlation)) return;

        var issued = new DispatchOrderIssued(number, trip.Id, now);
        Record(pool, DispatchRegister.StreamId, DemoStream.DispatchRegister, Decision.Accept(issued), now, dispatcher, correlation);
        pool.Register = pool.Register.When(issued);
        Hold(state);
        pool.RecentUse.Enqueue((now, vehicle.Id, driver?.Id));
        pool.VehicleUse[vehicle.Id] = pool.VehicleUse.GetValueOrDefault(vehicle.Id) + 1;
        if (driver is not null) pool.DriverUse[driver.Id] = pool.DriverUse.GetValueOrDefault(driver.Id) + 1;

        state.Generation++;
        var generation = state.Generation;
        var startBy = trip.Details.Start;
        Arm(state, DemoTimerKind.CheckTripStart, startBy + StartGrace);
        if (driver is null) PlanStart(state, now);
        else if (state.Fate.Declines)
            At(Before(now + Minutes(5, 60), startBy - Duration.FromMinutes(5), now), later => Decline(state, generation, later));
        else At(Before(now + Minutes(5, 60), startBy - Duration.FromMinutes(5), now), later => Accept(state, generation, later));
        if (state.Fate.Reassigned && startBy - now > Duration.FromMinutes(90))
            At(now + Minutes(30, 60), later => Reassign(state, generation, later));
    }

    /// <summary>The first free car of the list (the wanted class first), and the first free driver of the list licensed for it.</summary>
    private static (Vehicle? Vehicle, Driver? Driver) Choose(PoolState pool, Trip trip, DispatchCandidateList candidates)
    {
        // The dispatcher takes the pair offered first: the first free car and the first free driver whose licence covers it.
        if (candidates.Vehicles.FirstOrDefault(v => v.Available) is not { } car) return (null, null);
        var driver = candidates.Drivers.FirstOrDefault(d => d.Available && d.LicenceFits);
        return (pool.Vehicles[car.VehicleId], trip.Details.WithDriver && driver is not null ? pool.Drivers[driver.DriverId] : null);
    }

    private static Instant Before(Instant wanted, Instant latest, Instant now) =>
        wanted <= latest ? wanted : Instant.Max(now + Duration.FromMinutes(1), latest);

    private static void ForgetOldUse(PoolState pool, Instant now)
    {
        while (pool.RecentUse.TryPeek(out var use) && use.At < now - UseWindow)
        {
            pool.RecentUse.Dequeue();
            pool.VehicleUse[use.Vehicle]--;
            if (use.Driver is { } driver) pool.DriverUse[driver]--;
        }
    }

    private void Accept(TripState state, int generation, Instant now)
    {
        if (state.Generation != generation || state.Trip.Status != TripStatus.Dispatched) return;
        var driverId = state.Trip.Assignment!.DriverId!.Value;
        if (Decide(state, state.Trip.Id, TripDriving.Accept(state.Trip, driverId, now), now, state.Pool.DriverAccounts[driverId])) PlanStart(state, now);
    }

    /// <summary>The driver cannot go; the trip goes back to the dispatch centre, which sends someone else.</summary>
    private void Decline(TripState state, int generation, Instant now)
    {
        if (state.Generation != generation || state.Trip.Status != TripStatus.Dispatched) return;
        var driverId = state.Trip.Assignment!.DriverId!.Value;
        state.Fate = state.Fate with { Declines = false };
        if (!Decide(state, state.Trip.Id, TripDriving.Decline(state.Trip, driverId, new DeclineTripForm(Pick(DemoTexts.Declines)), now), now, state.Pool.DriverAccounts[driverId]))
            return;
        state.Pool.Held.Remove(state.Trip.Id);
        state.Generation++;
        PlanDispatch(state, now);
    }

    /// <summary>The car sent first breaks down before the trip: the dispatcher sends another of the same class, the driver stays.</summary>
    private void Reassign(TripState state, int generation, Instant now)
    {
        var pool = state.Pool;
        var trip = state.Trip;
        if (state.Generation != generation || trip.Status is not (TripStatus.Dispatched or TripStatus.Accepted)) return;

        var current = trip.Assignment!;
        var candidates = DispatchCandidates.Rank(trip, pool.Vehicles.Values, pool.Drivers.Values, pool.Held.Values.ToList(), pool.VehicleUse,
            pool.DriverUse, _dispatch, _zone, now);
        var driver = current.DriverId is { } driverId ? pool.Drivers[driverId] : null;
        var other = candidates.Vehicles
            .Where(v => v.Available && v.ClassFits && v.VehicleId != current.VehicleId && v.Class == current.Class)
            .Select(v => pool.Vehicles[v.VehicleId])
            .FirstOrDefault(v => driver is null || DriverAvailability.CanDrive(driver, v.Class, v.Seats));
        if (other is null) return;

        var decision = TripDispatching.Reassign(trip, other, driver, new AssignTripForm(other.Id, driver?.Id, null, DemoTexts.Reassigned),
            pool.Held.Values, pool.Staff[Role.Dispatcher].UserId!.Value, _dispatch, _zone, now);
        if (Decide(state, trip.Id, decision, now, pool.Staff[Role.Dispatcher])) Hold(state);
    }

    private void PlanStart(TripState state, Instant now)
    {
        var generation = state.Generation;
        At(Instant.Max(state.Trip.Details.Start + state.Fate.StartDelay, now + Duration.FromMinutes(1)), later => Start(state, generation, later));
    }

    /// <summary>
    /// The car leaves with the odometer where the last trip left it; in a few cases kilometres were driven off the
    /// record meanwhile, and the gap shows. A car the unit drives itself is handed over by the dispatcher.
    /// </summary>
    private void Start(TripState state, int generation, Instant now)
    {
        var pool = state.Pool;
        var trip = state.Trip;
        if (state.Generation != generation || trip.Status != TripStatus.Accepted) return;

        // A car still out on a trip that runs late is not there to leave in: the driver waits for it to come back.
        if (pool.Held.Values.Any(r => r.TripId != trip.Id && r.Underway && r.Assignment.VehicleId == trip.Assignment!.VehicleId))
        {
            At(now + Duration.FromMinutes(15), later => Start(state, generation, later));
            return;
        }

        var vehicle = pool.Vehicles[trip.Assignment!.VehicleId];
        var reading = vehicle.Odometer + (state.Fate.OdometerGap ? Distance.FromKilometres(_random.Next(5, 61)) : Distance.Zero);
        var (actor, driving) = Driving(state);
        var correlation = NewId(now).ToString();
        if (!Decide(state, trip.Id, TripDriving.Start(trip, driving, new StartTripForm(reading.Kilometres), vehicle.Odometer, now), now, actor, correlation: correlation)) return;
        if (reading > vehicle.Odometer)
            Apply(pool, vehicle, Decision.Accept(new OdometerRead(vehicle.Id, reading, OdometerSource.Trip, now)), now, actor, correlation);
        Hold(state);

        var end = trip.Details.End;
        Arm(state, DemoTimerKind.CheckTripReturn, end + ReturnGrace);
        if (state.Fate.LateReturn is { } late) At(Instant.Max(end, now + Duration.FromMinutes(15)), later => ReturnLate(state, generation, late, later));
        else At(Instant.Max(end + Minutes(-30, 10), now + Duration.FromMinutes(15)), later => Finish(state, generation, later));
    }

    private (DemoActor Actor, DrivingActor Driving) Driving(TripState state)
    {
        if (state.Trip.Assignment!.DriverId is { } driverId)
        {
            var account = state.Pool.DriverAccounts[driverId];
            return (account, new DrivingActor(account.UserId!.Value, driverId, false));
        }

        var dispatcher = state.Pool.Staff[Role.Dispatcher];
        return (dispatcher, new DrivingActor(dispatcher.UserId!.Value, null, true));
    }

    /// <summary>
    /// A car comes back hours late only when nothing was booked for it or its driver in those hours: the pool
    /// would otherwise have called it back. The timer then flags the late return.
    /// </summary>
    private void ReturnLate(TripState state, int generation, Duration late, Instant now)
    {
        var pool = state.Pool;
        var assignment = state.Trip.Assignment!;
        var away = new Interval(now, now + late + _dispatch.Turnaround);
        var vehicle = pool.Vehicles[assignment.VehicleId];
        var free = !pool.Held.Values.Any(r => r.TripId != state.Trip.Id && !r.Underway &&
                       (r.Assignment.VehicleId == assignment.VehicleId || (assignment.DriverId is { } d && r.Assignment.DriverId == d)) &&
                       r.Assignment.Reserved.Overlaps(away))
                   && VehicleAvailability.Check(vehicle, away, _zone).All(u => u.Reason != VehicleUnavailableReason.Maintenance)
                   && (assignment.DriverId is not { } driverId || DriverAvailability.Check(pool.Drivers[driverId], away, _zone).Count == 0);
        At(now + (free ? late : Minutes(0, 20)), later => Finish(state, generation, later));
    }

    /// <summary>
    /// The return record: the distance the trip plausibly covered, fuel or charge when the tank or battery is due
    /// for it, tolls out of town, parking now and then. Now and then the reading is mistyped by a hundred
    /// kilometres, and the fleet admin corrects the car's odometer the same day.
    /// </summary>
    private void Finish(TripState state, int generation, Instant now)
    {
        var pool = state.Pool;
        var trip = state.Trip;
        if (state.Generation != generation || trip.Status != TripStatus.InProgress) return;

        var vehicle = pool.Vehicles[trip.Assignment!.VehicleId];
        var distance = Kilometres(trip, now);
        var slip = state.Fate.OdometerSlip ? 100 : 0;
        var odometerIn = trip.OdometerOut!.Value + Distance.FromKilometres(distance + slip + Padding(pool, trip, now));
        var (litres, kilowattHours, energyCost) = Refill(pool, vehicle, distance);
        var tolls = trip.Details.OutOfRegion ? Math.Round(distance * 0.45m) : Chance(0.1) ? _random.Next(1, 4) * 5m : (decimal?)null;
        var nights = (int)(trip.Details.End.InZone(_zone).Date - trip.Details.Start.InZone(_zone).Date).Days;
        var parking = nights > 0 ? nights * 30m : Chance(0.25) ? Pick([5m, 10m, 15m, 20m, 30m]) : (decimal?)null;
        var other = Chance(0.03) ? 30m : (decimal?)null;
        var form = new FinishTripForm(odometerIn.Kilometres, litres, kilowattHours, energyCost, tolls, parking, other, now);

        var (actor, driving) = Driving(state);
        var correlation = NewId(now).ToString();
        if (!Decide(state, trip.Id, TripDriving.Finish(trip, driving, form, now), now, actor, correlation: correlation)) return;
        if (odometerIn > vehicle.Odometer)
            vehicle = Apply(pool, vehicle, Decision.Accept(new OdometerRead(vehicle.Id, odometerIn, OdometerSource.Trip, now)), now, actor, correlation);
        pool.Held.Remove(trip.Id);
        Summary.TripsFinished++;

        Arm(state, DemoTimerKind.CloseTripIfUnconfirmed, now + AutoCloseAfter);
        if (slip > 0)
        {
            var slipped = vehicle.Odometer;
            At(now + Minutes(30, 90), later =>
            {
                var car = pool.Vehicles[vehicle.Id];
                if (car.Odometer != slipped) return;
                Apply(pool, car, VehicleOdometer.Decide(new CorrectOdometerForm((slipped - Distance.FromKilometres(slip)).Kilometres, DemoTexts.OdometerCorrection), car,
                    later), later, pool.Staff[Role.FleetAdmin]);
            });
            state.Fate = state.Fate with { Answer = Answer.Dispute };
        }

        PlanAnswer(state, now);
    }

    /// <summary>About 35 km an hour in town at most, with a few stops; the road distance and some driving about town for trips out of it.</summary>
    private decimal Kilometres(Trip trip, Instant back)
    {
        if (trip.Details.OutOfRegion)
        {
            var oneWay = WCity.OutOfRegion.FirstOrDefault(p => trip.Details.Destinations[0].StartsWith(p.Place, StringComparison.Ordinal)).Kilometres;
            return Math.Round(2 * Math.Max(oneWay, 60) * (decimal)(1 + _random.NextDouble() * 0.15) + _random.Next(10, 31), 1);
        }

        var hours = (decimal)Math.Max(0.5, (back - trip.StartedAt!.Value).TotalHours);
        var wanted = 2 * _random.Next(4, 21) + 6 * (trip.Details.Destinations.Count - 1) + (decimal)_random.NextDouble() * 5;
        return Math.Round(Math.Min(wanted, hours * 35), 1);
    }

    /// <summary>
    /// Fuel and charge are recorded when the car is refilled, which happens once enough has been used: per 100 km
    /// the figures then come out as the cars' consumption, as on a real fuel card.
    /// </summary>
    private (decimal? Litres, decimal? KilowattHours, decimal? Cost) Refill(PoolState pool, Vehicle vehicle, decimal kilometres)
    {
        var electric = IsElectric(vehicle);
        var perHundred = Consumption(vehicle);
        var used = pool.SinceRefill.GetValueOrDefault(vehicle.Id) + kilometres * perHundred / 100m;
        if (used < (electric ? 35m : 30m) * (vehicle.Class is VehicleClass.Bus or VehicleClass.Minibus ? 2 : 1))
        {
            pool.SinceRefill[vehicle.Id] = used;
            return (null, null, null);
        }

        pool.SinceRefill[vehicle.Id] = 0;
        var amount = Math.Round(used, 2);
        return electric
            ? (null, amount, Math.Round(amount * 1.1m, 2))
            : (amount, null, Math.Round(amount * (vehicle.EnergyType == EnergyType.Diesel ? 7.6m : 7.9m), 2));
    }

    /// <summary>
    /// Most requesters confirm and rate within a day or two, a lateness costs a star or two; some confirm without a
    /// rating or rate later, a few dispute the record, and the rest leave it to close by itself.
    /// </summary>
    private void PlanAnswer(TripState state, Instant back)
    {
        var clerk = state.Unit.Clerk;
        var answerBy = back + AutoCloseAfter - Duration.FromHours(2);
        var at = Instant.Min(back + Minutes(60, 2 * 24 * 60), answerBy);
        var stars = Math.Max(1, state.Fate.Stars - (state.Trip.StartOverdue || state.Fate.StartDelay > StartGrace ? _random.Next(1, 3) : 0));
        var comment = Pick(DemoTexts.Comments[stars]);
        switch (state.Fate.Answer)
        {
            case Answer.ConfirmAndRate:
                At(at, later => Decide(state, state.Trip.Id, TripClosing.Confirm(state.Trip, clerk.UserId!.Value, new ConfirmTripForm(stars, comment), later),
                    later, clerk));
                break;
            case Answer.Confirm:
                At(at, later => Decide(state, state.Trip.Id, TripClosing.Confirm(state.Trip, clerk.UserId!.Value, new ConfirmTripForm(null, null), later),
                    later, clerk));
                break;
            case Answer.RateLater:
                At(at, later => Decide(state, state.Trip.Id, TripClosing.Confirm(state.Trip, clerk.UserId!.Value, new ConfirmTripForm(null, null), later),
                    later, clerk));
                At(at + Minutes(60, 4 * 24 * 60), later => Decide(state, state.Trip.Id,
                    TripClosing.Rate(state.Trip, clerk.UserId!.Value, new RateTripForm(stars, comment), later), later, clerk));
                break;
            case Answer.Dispute:
                var item = state.Fate.OdometerSlip ? DisputedItem.Odometer : Pick([DisputedItem.Times, DisputedItem.Odometer, DisputedItem.Costs]);
                var details = item switch
                {
                    DisputedItem.Times => DemoTexts.Disputes[0],
                    DisputedItem.Odometer => DemoTexts.Disputes[1],
                    _ => DemoTexts.Disputes[2],
                };
                At(at, later => Decide(state, state.Trip.Id,
                    TripClosing.Dispute(state.Trip, clerk.UserId!.Value, new DisputeTripForm([item.ToString()], details), later), later, clerk));
                break;
        }
    }

    /// <summary>The unit head looks at an emergency trip the day after; most were emergencies, some should have waited.</summary>
    private void Review(TripState state, Instant now)
    {
        if (state.Trip.Status is TripStatus.Cancelled or TripStatus.Rejected) return;
        var justified = Chance(0.85);
        Decide(state, state.Trip.Id, EmergencyReviewing.Review(state.Trip, state.Unit.Head.UserId!.Value,
            new ReviewEmergencyTripForm((justified ? EmergencyReviewOutcome.Justified : EmergencyReviewOutcome.NotJustified).ToString(),
                justified ? null : DemoTexts.NotJustified), now),
            now, state.Unit.Head);
    }

    private void Cancel(TripState state, string reason, Instant now)
    {
        var trip = state.Trip;
        if (trip.Status.IsFinal() || trip.Status == TripStatus.InProgress) return;
        if (!Decide(state, trip.Id, TripCancelling.Cancel(trip, state.Unit.Clerk.UserId!.Value, new CancelTripForm(reason), now), now, state.Unit.Clerk)) return;
        state.Pool.Held.Remove(trip.Id);
        state.Generation++;
        Summary.TripsCancelled++;
    }

    /// <summary>
    /// A durable timer as the server schedules it: it fires at <paramref name="due"/> and decides afresh; one
    /// still due when the history ends is handed to the live server.
    /// </summary>
    private void Arm(TripState state, DemoTimerKind kind, Instant due)
    {
        var key = (state.Trip.Id, kind);
        _armedTimers[key] = (state.Pool.Pool.Code, due);
        At(due, now =>
        {
            if (_armedTimers.TryGetValue(key, out var armed) && armed.Due == due) _armedTimers.Remove(key);
            var decision = kind switch
            {
                DemoTimerKind.CheckTripStart => TripDriving.StartOverdue(state.Trip, now, StartGrace),
                DemoTimerKind.CheckTripReturn => TripDriving.ReturnOverdue(state.Trip, now, ReturnGrace),
                _ => TripClosing.AutoClose(state.Trip, now, AutoCloseAfter),
            };
            if (decision.Events.Count > 0) Decide(state, state.Trip.Id, decision, now, DemoActor.Timer);
        });
    }

    /// <summary>Records a decision on the trip and moves the trip on by its events.</summary>
    private bool Decide(TripState state, Guid tripId, Decision decision, Instant now, DemoActor actor, bool create = false, string? correlation = null)
    {
        var events = Record(state.Pool, tripId, DemoStream.Trip, decision, now, actor, correlation);
        if (events is null) return false;
        var trip = create ? Trip.From((TripRequested)events[0]) : state.Trip;
        state.Trip = events.Skip(create ? 1 : 0).Aggregate(trip, (t, e) => t.Evolve(e));
        Settle(state.Trip, events);
        Log(state, events);
        return true;
    }

    /// <summary>The trip's reservation as dispatch checks see it, kept up to date with its assignment and whether it is under way.</summary>
    private static void Hold(TripState state)
    {
        var trip = state.Trip;
        if (trip.HoldsReservation)
            state.Pool.Held[trip.Id] = new Reservation(trip.Id, trip.Order!, trip.Assignment!, trip.Status == TripStatus.InProgress);
        else state.Pool.Held.Remove(trip.Id);
    }
}
