namespace Fleet.Domain.Common;

/// <summary>
/// A distance or odometer reading, kept in whole metres so that sums over a year of trips stay exact;
/// people read and type kilometres.
/// </summary>
public readonly record struct Distance(long Metres) : IComparable<Distance>
{
    public static readonly Distance Zero = new(0);

    public decimal Kilometres => Metres / 1000m;

    public static Distance FromKilometres(decimal kilometres) => new((long)decimal.Round(kilometres * 1000m, MidpointRounding.AwayFromZero));

    public int CompareTo(Distance other) => Metres.CompareTo(other.Metres);

    public static bool operator <(Distance left, Distance right) => left.Metres < right.Metres;
    public static bool operator >(Distance left, Distance right) => left.Metres > right.Metres;
    public static bool operator <=(Distance left, Distance right) => left.Metres <= right.Metres;
    public static bool operator >=(Distance left, Distance right) => left.Metres >= right.Metres;
    public static Distance operator +(Distance left, Distance right) => new(left.Metres + right.Metres);
    public static Distance operator -(Distance left, Distance right) => new(left.Metres - right.Metres);

    public override string ToString() => $"{Kilometres:0.###} km";
}
