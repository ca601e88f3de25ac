using NodaTime;

namespace Fleet.Domain.Positions;

/// <summary>
/// The fleet admin fitted a satellite terminal (北斗/GPS) to the vehicle: from now on the positions it reports are the
/// car's. <paramref name="Terminal"/> is its phone number in twelve digits (<see cref="TerminalNumber"/>); the IMEI and
/// model, when given, let a technician tell one box from another. Stored as <c>terminal_bound</c>.
/// </summary>
public sealed record TerminalBound(Guid VehicleId, string Terminal, string? Imei, string? Model, Guid BoundBy, Instant BoundAt);

/// <summary>
/// The terminal was taken off the vehicle (removed, broken, the car leaving the fleet); positions it sends afterwards are
/// refused. Stored as <c>terminal_unbound</c>.
/// </summary>
public sealed record TerminalUnbound(Guid VehicleId, string Terminal, string Reason, Guid UnboundBy, Instant UnboundAt);

/// <summary>
/// One terminal took the place of another in the vehicle in one step, so that the car is never without one on paper.
/// Stored as <c>terminal_replaced</c>.
/// </summary>
public sealed record TerminalReplaced(
    Guid VehicleId,
    string OldTerminal,
    string NewTerminal,
    string? Imei,
    string? Model,
    string Reason,
    Guid ReplacedBy,
    Instant ReplacedAt);

/// <summary>The terminal a vehicle carries now, as the vehicle's decisions and pages see it.</summary>
public sealed record BoundTerminal(string Number, string? Imei, string? Model, Instant BoundAt);
