namespace Fleet.Server.Tests.Security;

/// <summary>
/// What an outsider tries against another pool's records, by id: read them, and change them with every command that
/// names one. Districts of a city and cities of a province are probed with the same list.
/// </summary>
public static class IsolationProbes
{
    public static (string Method, string Url)[] ById(Guid vehicle, Guid driver, Guid user, string unit, string pool) =>
    [
        ("GET", $"/api/vehicles/{vehicle}"),
        ("GET", $"/api/drivers/{driver}"),
        ("GET", $"/api/users/{user}"),
        ("GET", $"/api/organisations/{unit}"),
        ("GET", $"/api/pools/{pool}/fleet"),
        ("GET", $"/api/pools/{pool}/live"),
        ("GET", $"/api/vehicles/{vehicle}/track?from=2026-11-02T00:00:00Z&to=2026-11-02T08:00:00Z"),
        ("POST", $"/api/vehicles/{vehicle}/odometer"),
        ("POST", $"/api/vehicles/{vehicle}/retire"),
        ("POST", $"/api/vehicles/{vehicle}/transfer"),
        ("POST", $"/api/drivers/{driver}/suspend"),
        ("POST", $"/api/drivers/{driver}/transfer"),
        ("POST", $"/api/users/{user}/deactivate"),
        ("POST", $"/api/users/{user}/roles"),
        ("POST", $"/api/organisations/{unit}/rename"),
        ("POST", $"/api/organisations/{unit}/close"),
    ];
}
