using System.Linq.Expressions;
using Fleet.Server.Infrastructure.Database;
using Marten.Linq;
using Marten.Linq.Members;
using Marten.Linq.Parsing;
using Marten.Linq.SqlGeneration.Filters;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.SqlGeneration;

namespace Fleet.Server.Infrastructure.Marten;

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

/// <summary>Translates <see cref="CityQueries.InCity"/>: every pool of one city is a tenant filter, as Marten's own <c>TenantIsOneOf</c>.</summary>
internal sealed class InCityParser(CityMap cities) : IMethodCallParser
{
    public bool Matches(MethodCallExpression expression) =>
        expression.Method.Name == nameof(CityQueries.InCity) && expression.Method.DeclaringType == typeof(CityQueries);

    public ISqlFragment Parse(IQueryableMemberCollection memberCollection, IReadOnlyStoreOptions options, MethodCallExpression expression) =>
        new InCityFilter(cities);

    private sealed class InCityFilter(CityMap cities) : ISqlFragment, ITenantFilter
    {
        public void Apply(ICommandBuilder builder)
        {
            // One city: everything the database holds is the city's.
            if (!cities.IsProvince)
            {
                builder.Append("1=1");
                return;
            }

            builder.Append("tenant_id = ANY(");
            builder.AppendParameter(cities.PoolsOfCityOf(builder.TenantId), NpgsqlDbType.Array | NpgsqlDbType.Varchar);
            builder.Append(')');
        }
    }
}
