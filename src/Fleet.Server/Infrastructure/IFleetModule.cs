
namespace Fleet.Server.Infrastructure;

/// <summary>
/// One capability of Fleet as the host sees it. A module says which events it stores and under which alias, and adds
/// its services, its part of the store (projections, documents, indexes) and its addresses; the host lists the modules
/// and knows nothing else of them, and nothing in Infrastructure knows any module.
/// </summary>
public interface IFleetModule
{
    /// <summary>
    /// The events the module appends, with the alias each is stored under. The aliases are a contract with the data
    /// already written: renaming or moving a C# type must never change them, and a new event gets a new line.
    /// </summary>
    IReadOnlyDictionary<Type, string> Events => new Dictionary<Type, string>();

    void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>Adds the module's projections, documents and indexes; <paramref name="services"/> are the host's, already built.</summary>
    void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
    }

    void MapEndpoints(WebApplication app)
    {
    }
}
