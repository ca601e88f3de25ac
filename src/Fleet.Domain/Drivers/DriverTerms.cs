namespace Fleet.Domain.Drivers;

/// <summary>The Chinese terms of the licence rules and of personnel practice, accepted on input alongside the English names.</summary>
public static class DriverTerms
{
    public static readonly IReadOnlyDictionary<LicenceClass, string> LicenceClasses = new Dictionary<LicenceClass, string>
    {
        [LicenceClass.A1] = "大型客车",
        [LicenceClass.A2] = "重型牵引挂车",
        [LicenceClass.A3] = "城市公交车",
        [LicenceClass.B1] = "中型客车",
        [LicenceClass.B2] = "大型货车",
        [LicenceClass.C1] = "小型汽车",
        [LicenceClass.C2] = "小型自动挡汽车",
    };

    public static readonly IReadOnlyDictionary<LeaveKind, string> LeaveKinds = new Dictionary<LeaveKind, string>
    {
        [LeaveKind.Annual] = "年休假",
        [LeaveKind.Sick] = "病假",
        [LeaveKind.Personal] = "事假",
        [LeaveKind.Training] = "培训",
        [LeaveKind.Other] = "其他",
    };
}
