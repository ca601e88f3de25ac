namespace Fleet.Reliability.Tests;

/// <summary>Where clients send their requests: the live nodes in turn, as a load balancer spreads them.</summary>
public interface IFleetNodes
{
    Uri NextAddress();
}

/// <summary>
/// Who works in the pool a workload drives: the fleet admin who sets it up, the clerk and the unit head of a unit, the
/// dispatcher, all with one password; the organisation the drivers' accounts belong to; how its cars' plates begin; and
/// whether the people's notifications are followed to their mailboxes (<see cref="NotificationLedger"/>).
/// </summary>
public sealed record Staff(string Admin, string Clerk, string Approver, string Dispatcher, string Password, string DriverOrganisation, string Plates,
    int FirstCrew = 0, bool TellsPeople = true)
{
    /// <summary>The demo accounts of 江岸 (420102).</summary>
    public static readonly Staff Jiangan = new(
        Fleet.Samples.DemoHost.DemoCity.Login("jiangan", Fleet.Domain.People.Role.FleetAdmin),
        Fleet.Samples.DemoHost.DemoCity.Login("jiangan", Fleet.Domain.People.Role.Clerk),
        Fleet.Samples.DemoHost.DemoCity.Login("jiangan", Fleet.Domain.People.Role.Approver),
        Fleet.Samples.DemoHost.DemoCity.Login("jiangan", Fleet.Domain.People.Role.Dispatcher),
        Fleet.Samples.DemoHost.DemoCity.Password, "420102", "鄂A·R");
}
