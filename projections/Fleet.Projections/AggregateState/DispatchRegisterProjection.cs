using Fleet.Domain.Scheduling;
using Marten.Events.Aggregation;

namespace Fleet.Projections.AggregateState;

/// <summary>
/// The register's last number, inline: every dispatch locks and reads it, and must not fold a year of orders
/// to learn the next number.
/// </summary>
public sealed partial class DispatchRegisterProjection : SingleStreamProjection<DispatchRegister, Guid>
{
    public static DispatchRegister Create(DispatchRegisterOpened e) => DispatchRegister.Create(e);
    public static DispatchRegister Apply(DispatchRegister register, DispatchOrderIssued e) => register.Apply(e);
}
