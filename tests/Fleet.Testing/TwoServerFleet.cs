using Alba;

namespace Fleet.Testing;

/// <summary>
/// Two servers on one database, as two nodes behind a load balancer: <see cref="FleetApp.Host"/> runs the projections,
/// <see cref="Other"/> only answers requests, for tests of what one node must learn from the other's changes.
/// </summary>
public class TwoServerFleet : FleetApp
{
    public IAlbaHost Other { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Other = await StartHostAsync(ConnectionString, new Dictionary<string, string?> { ["Fleet:Projections:DaemonMode"] = "Disabled" });
    }

    public override async Task DisposeAsync()
    {
        await Other.DisposeAsync();
        await base.DisposeAsync();
    }
}
