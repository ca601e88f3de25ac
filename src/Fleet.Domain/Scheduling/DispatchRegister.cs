using NodaTime;

namespace Fleet.Domain.Scheduling;

/// <summary>
/// A dispatch order number was issued to a trip. Numbers are never taken back: an order voided by an
/// un-dispatch or a decline keeps its number, and the trip gets a new one when it is dispatched again.
/// Stored as <c>dispatch_order_issued</c>.
/// </summary>
public sealed record DispatchOrderIssued(DispatchOrderNumber Number, Guid TripId, Instant At);

/// <summary>
/// A pool opened its register of dispatch orders, before its first dispatch. Stored as <c>dispatch_register_opened</c>.
/// </summary>
public sealed record DispatchRegisterOpened(string Pool, Instant At);

/// <summary>
/// A pool's register of dispatch orders (派车单存根): the last number issued and the year it belongs to. Every
/// dispatch in the pool goes through this one stream, which is what makes the numbers gapless and, because
/// it is taken under a row lock, what serializes the check that a reservation does not overlap another.
/// </summary>
public sealed record DispatchRegister(Guid Id, string Pool, int Year, int LastSequence)
{
    /// <summary>Each pool is a tenant of its own, so one well-known id per pool suffices.</summary>
    public static readonly Guid StreamId = Guid.Parse("0193a000-0000-7000-8000-00000000d150");

    public static DispatchRegister From(DispatchRegisterOpened e) => new(StreamId, e.Pool, 0, 0);

    public DispatchRegister When(DispatchOrderIssued e) => this with { Year = e.Number.Year, LastSequence = e.Number.Sequence };

    /// <summary>
    /// The number the next order gets: the sequence restarts at 1 with the first order of a new local year in
    /// the pool's zone, so that the year in the number is the year on the form.
    /// </summary>
    public DispatchOrderNumber Next(Instant now, DateTimeZone zone)
    {
        var year = now.InZone(zone).Year;
        return new DispatchOrderNumber(Pool, year, year == Year ? LastSequence + 1 : 1);
    }
}
