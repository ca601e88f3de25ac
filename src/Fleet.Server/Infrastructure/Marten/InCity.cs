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

/// <summary>Translates <see cref="Fleet.Projections.CityQueries.InCity"/>: every pool of one city is a tenant filter, as Marten's own <c>TenantIsOneOf</c>.</summary>
internal sealed class InCityParser(CityMap cities) : IMethodCallParser
{
    public bool Matches(MethodCallExpression expression) =>
        expression.Method.Name == nameof(Fleet.Projections.CityQueries.InCity) && expression.Method.DeclaringType == typeof(Fleet.Projections.CityQueries);

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
