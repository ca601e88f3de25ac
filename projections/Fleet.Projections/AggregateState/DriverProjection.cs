using Fleet.Domain.Drivers;
using Marten.Events.Aggregation;

namespace Fleet.Projections.AggregateState;

/// <summary>Each driver's state, inline, for their decisions, the driver lists and the availability check.</summary>
public sealed partial class DriverProjection : SingleStreamProjection<Driver, Guid>
{
    public static Driver Create(DriverRegistered e) => Driver.Create(e);
    public static Driver Apply(Driver d, DriverLicenceRenewed e) => d.Apply(e);
    public static Driver Create(DriverReceived e) => Driver.Create(e);

    /// <summary>A driver who moved to another pool is no longer this pool's to dispatch; the history stays in the events.</summary>
    public static bool ShouldDelete(DriverTransferred e) => true;
    public static Driver Apply(Driver d, DriverLeaveScheduled e) => d.Apply(e);
    public static Driver Apply(Driver d, DriverLeaveCancelled e) => d.Apply(e);
    public static Driver Apply(Driver d, DriverSuspended e) => d.Apply(e);
    public static Driver Apply(Driver d, DriverReinstated e) => d.Apply(e);
    public static Driver Apply(Driver d, DriverLeftService e) => d.Apply(e);
    public static Driver Apply(Driver d, DriverAccountLinked e) => d.Apply(e);
}
