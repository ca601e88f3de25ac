using Alba;
using Fleet.Domain.People;

namespace Fleet.Testing;

public static class ScenarioExtensions
{
    /// <summary>Sends the scenario as the demo account holding <paramref name="role"/> in <paramref name="pool"/>.</summary>
    public static async Task<IScenarioResult> ScenarioAs(this FleetApp app, string pool, Role role, Action<Scenario> configure)
    {
        var bearer = await app.BearerFor(pool, role);
        return await app.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", bearer);
            configure(s);
        });
    }
}
