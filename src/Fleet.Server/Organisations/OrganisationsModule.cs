using Fleet.Domain.Organisations;
using Fleet.Projections.AggregateState;
using Fleet.Server.Infrastructure;
using JasperFx.Events.Projections;
using Marten.Schema.Indexing.Unique;
using Marten.Schema;

namespace Fleet.Server.Organisations;

/// <summary>The city, its districts and their units.</summary>
public sealed class OrganisationsModule : IFleetModule
{
    public const string CodeIndex = "mt_doc_organisation_uidx_code";

    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(OrganisationEstablished)] = "organisation_established",
        [typeof(OrganisationRenamed)] = "organisation_renamed",
        [typeof(OrganisationClosed)] = "organisation_closed",
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new UniqueIndexRule(CodeIndex, "organisation.code_taken", "The code is already used by another organisation."));
    }

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        options.Projections.Add(new AggregateStateProjection<Organisation>(), ProjectionLifecycle.Inline);
        // Codes are unique across the whole city, whichever pool holds them.
        options.Schema.For<Organisation>().UniqueIndex(UniqueIndexType.Computed, CodeIndex, TenancyScope.Global, x => x.Code);
    }
}
