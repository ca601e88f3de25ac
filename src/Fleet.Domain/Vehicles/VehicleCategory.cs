namespace Fleet.Domain.Vehicles;

/// <summary>
/// The categories of party and government vehicles fixed by the 2017 management rules
/// (《党政机关公务用车管理办法》 Art. 3). The last one covers "other vehicles equipped under the rules",
/// commonly called general official vehicles.
/// </summary>
public enum VehicleCategory
{
    ConfidentialCommunication,
    EmergencySupport,
    LawEnforcement,
    SpecialTechnical,
    GeneralOfficial,
}

/// <summary>Body class, which decides what a request for "a sedan" or "a minibus" can be served with.</summary>
public enum VehicleClass
{
    Sedan,
    Mpv,
    Minibus,
    Bus,
    Special,
}

/// <summary>Energy type, following the MIIT fuel-consumption categories used in public-institution energy reporting.</summary>
public enum EnergyType
{
    Gasoline,
    Diesel,
    BiFuel,
    DualFuel,
    BatteryElectric,
    Hybrid,
    PlugInHybrid,
    FuelCell,
}

/// <summary>The Chinese terms of the rules and standards, accepted on input alongside the English names.</summary>
public static class VehicleTerms
{
    public static readonly IReadOnlyDictionary<VehicleCategory, string> Categories = new Dictionary<VehicleCategory, string>
    {
        [VehicleCategory.ConfidentialCommunication] = "机要通信用车",
        [VehicleCategory.EmergencySupport] = "应急保障用车",
        [VehicleCategory.LawEnforcement] = "执法执勤用车",
        [VehicleCategory.SpecialTechnical] = "特种专业技术用车",
        [VehicleCategory.GeneralOfficial] = "一般公务用车",
    };

    public static readonly IReadOnlyDictionary<VehicleClass, string> Classes = new Dictionary<VehicleClass, string>
    {
        [VehicleClass.Sedan] = "轿车",
        [VehicleClass.Mpv] = "多用途乘用车",
        [VehicleClass.Minibus] = "中型客车",
        [VehicleClass.Bus] = "大型客车",
        [VehicleClass.Special] = "专用车",
    };

    public static readonly IReadOnlyDictionary<EnergyType, string> EnergyTypes = new Dictionary<EnergyType, string>
    {
        [EnergyType.Gasoline] = "汽油",
        [EnergyType.Diesel] = "柴油",
        [EnergyType.BiFuel] = "两用燃料",
        [EnergyType.DualFuel] = "双燃料",
        [EnergyType.BatteryElectric] = "纯电动",
        [EnergyType.Hybrid] = "非插电式混合动力",
        [EnergyType.PlugInHybrid] = "插电式混合动力",
        [EnergyType.FuelCell] = "燃料电池",
    };
}
