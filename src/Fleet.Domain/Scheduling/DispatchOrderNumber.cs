namespace Fleet.Domain.Scheduling;

/// <summary>
/// The number of a dispatch order (派车单号): the pool, the year it was issued in and its place in that year's
/// sequence, which starts at 1 and has no gaps. Written as <c>420102-2026-00042</c> on the paper form.
/// </summary>
public sealed record DispatchOrderNumber(string Pool, int Year, int Sequence)
{
    public string Text => $"{Pool}-{Year}-{Sequence:D5}";

    public override string ToString() => Text;
}
