using NodaTime;

namespace Fleet.Samples.DemoCity;

/// <summary>The kind of record a stream holds, so that the writer starts it as the server would.</summary>
public enum DemoStream
{
    Organisation,
    User,
    Vehicle,
    Driver,
    Trip,
    DispatchRegister,
    ApprovalPolicy,
    Geofence,
    CalendarYear,
    RateCard,
    Statement,
    Card,
    OutsideRecord,
    RecordFile,
}

/// <summary>Who did something: a user in their roles, or nobody for what the pool's timers decide.</summary>
public sealed record DemoActor(Guid? UserId, string? Roles)
{
    public static DemoActor Timer { get; } = new(null, null);
}

/// <summary>
/// One event as the server would have stored it: in which pool, on which stream, when, by whom and as part of
/// which command (the correlation id groups the events one command wrote).
/// </summary>
public sealed record DemoEvent(string Pool, Guid StreamId, DemoStream Stream, object Data, Instant At, DemoActor Actor, string CorrelationId);

/// <summary>An account to create a sign-in for; every demo account has the published demo password.</summary>
public sealed record DemoAccount(string LoginName, Guid UserId, string Pool);

public enum DemoTimerKind
{
    CheckTripStart,
    CheckTripReturn,
    CloseTripIfUnconfirmed,
}

/// <summary>A trip timer still due when the history ends: the live server has to take it over.</summary>
public sealed record DemoTimer(DemoTimerKind Kind, Guid TripId, string Pool, Instant Due);

/// <summary>How far a long generation has got.</summary>
public sealed record DemoProgress(LocalDate Day, int DaysDone, int Days, long Events);

/// <summary>What a generation produced, for the log and for the invariants test.</summary>
public sealed class DemoSummary
{
    public int Pools { get; internal set; }
    public int Units { get; internal set; }
    public int Users { get; internal set; }
    public int Vehicles { get; internal set; }
    public int Drivers { get; internal set; }
    public int TripsRequested { get; internal set; }
    public int TripsFinished { get; internal set; }
    public int TripsCancelled { get; internal set; }
    public int TripsRejected { get; internal set; }
    public long Events { get; internal set; }

    /// <summary>
    /// Commands the domain refused, by problem code. Some are part of the story (a car the dispatcher wanted was
    /// taken meanwhile); the invariants test shows which.
    /// </summary>
    public Dictionary<string, int> Refusals { get; } = new();
}
