namespace Fleet.Domain.Vehicles;

/// <summary>
/// The Chinese terms for the code lists of a vehicle's life in the registry, accepted on input alongside the
/// English names (see <see cref="Common.CodeList"/>).
/// </summary>
public static class VehicleLifeTerms
{
    public static readonly IReadOnlyDictionary<MaintenanceKind, string> MaintenanceKinds = new Dictionary<MaintenanceKind, string>
    {
        [MaintenanceKind.Routine] = "保养",
        [MaintenanceKind.Repair] = "维修",
        [MaintenanceKind.Accident] = "事故维修",
        [MaintenanceKind.Other] = "其他",
    };

    public static readonly IReadOnlyDictionary<DisposalMethod, string> DisposalMethods = new Dictionary<DisposalMethod, string>
    {
        [DisposalMethod.Auction] = "拍卖",
        [DisposalMethod.Scrapped] = "报废",
        [DisposalMethod.Reallocated] = "调剂",
        [DisposalMethod.Transferred] = "划转",
        [DisposalMethod.Other] = "其他",
    };
}
