using Fleet.Server.Infrastructure;

namespace Fleet.Server.Hosting;

/// <summary>
/// Every event Fleet stores, with the alias it is stored under: the union of what the modules register (see
/// <see cref="IFleetModule.Events"/>). The event contract test holds it to the aliases already written.
/// </summary>
public static class EventCatalog
{
    public static readonly IReadOnlyDictionary<Type, string> Aliases =
        FleetModules.All.SelectMany(m => m.Events).ToDictionary(e => e.Key, e => e.Value);
}
