namespace Fleet.Projections;

/// <summary>
/// The city-wide reads — a city supervisor's lists, the city office's approvals, the city's calendar — as Marten queries
/// (ADR 025). Inside one city's database <c>AnyTenant()</c> was the city; cities may share a database, so a city-wide read
/// names the pools of the session's city instead and never reaches the other city's rows beside them.
/// </summary>
public static class CityQueries
{
    /// <summary>True for a document or event of any pool of the city whose pool the session was opened for. Only inside a Marten query.</summary>
    public static bool InCity(this object document) =>
        throw new NotSupportedException("InCity() is translated by Marten inside a query; it cannot be called on its own.");
}
