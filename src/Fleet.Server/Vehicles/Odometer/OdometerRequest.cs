namespace Fleet.Server.Vehicles.Odometer;

/// <summary>The body of an odometer reading and of its correction; only a correction has a reason.</summary>
public sealed record OdometerRequest(decimal? Kilometres, string? Reason);
