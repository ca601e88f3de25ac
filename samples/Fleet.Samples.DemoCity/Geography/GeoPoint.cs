namespace Fleet.Samples.DemoCity.Geography;

/// <summary>A point on the Earth in degrees (WGS 84, as a satellite terminal reports it).</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadius = 6_371_000;

    /// <summary>Metres along the great circle: at a city's scale, what a car's odometer counts along a straight road.</summary>
    public double MetresTo(GeoPoint other)
    {
        var dLat = ToRadians(other.Latitude - Latitude);
        var dLon = ToRadians(other.Longitude - Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(ToRadians(Latitude)) * Math.Cos(ToRadians(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>The heading towards <paramref name="other"/> in whole degrees from north, 0–359, as JT/T 808 sends it.</summary>
    public int DirectionTo(GeoPoint other)
    {
        var y = Math.Sin(ToRadians(other.Longitude - Longitude)) * Math.Cos(ToRadians(other.Latitude));
        var x = Math.Cos(ToRadians(Latitude)) * Math.Sin(ToRadians(other.Latitude)) -
                Math.Sin(ToRadians(Latitude)) * Math.Cos(ToRadians(other.Latitude)) * Math.Cos(ToRadians(other.Longitude - Longitude));
        var degrees = (int)Math.Round(Math.Atan2(y, x) * 180 / Math.PI);
        return ((degrees % 360) + 360) % 360;
    }

    /// <summary>The point a fraction of the way to <paramref name="other"/>; straight enough over a city block.</summary>
    public GeoPoint Towards(GeoPoint other, double fraction) =>
        new(Latitude + (other.Latitude - Latitude) * fraction, Longitude + (other.Longitude - Longitude) * fraction);

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
