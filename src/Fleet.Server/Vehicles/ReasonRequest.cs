namespace Fleet.Server.Vehicles;

/// <summary>The body of a step on a vehicle that asks only why it is taken: a cancelled workshop booking, a retirement.</summary>
public sealed record ReasonRequest(string? Reason);
