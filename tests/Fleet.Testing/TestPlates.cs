namespace Fleet.Testing;

/// <summary>
/// Plates for test vehicles. Plates are unique across the city, so a test class that registers many cars in one
/// database must not leave their numbers to chance: each call gives the next number of a series.
/// </summary>
public static class TestPlates
{
    private static int _next;

    /// <summary>An ordinary plate of Wuhan (鄂A) in <paramref name="series"/>, e.g. 鄂A·D0042.</summary>
    public static string Next(char series = 'T') => $"鄂A·{series}{Interlocked.Increment(ref _next) % 10_000:D4}";
}
